using Temporalio.Api.Update.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Updates of one run that are admitted but not yet completed. Like the real server, admitted updates live
/// in memory only: a client whose update was lost in a restart gets NotFound and retries.
/// </summary>
internal sealed class UpdateRegistry
{
    private readonly Dictionary<string, UpdateEntry> entries = new(StringComparer.Ordinal);

    public IEnumerable<UpdateEntry> All => entries.Values;

    public bool HasUndelivered => entries.Values.Any(u => u.Stage == UpdateStage.Admitted);

    public UpdateEntry? Find(string updateId) => entries.GetValueOrDefault(updateId);

    public UpdateEntry Admit(string updateId, Request request)
    {
        var entry = new UpdateEntry(updateId, request);
        entries[updateId] = entry;
        return entry;
    }

    public void Remove(string updateId) => entries.Remove(updateId);

    /// <summary>A workflow task ended without an answer for these: offer them again on the next one.</summary>
    public void ReturnUndecidedToAdmitted()
    {
        foreach (var u in entries.Values.Where(u => u.Stage == UpdateStage.Delivered))
        {
            u.Stage = UpdateStage.Admitted;
        }
    }

    public void FailAll(string message)
    {
        foreach (var u in entries.Values)
        {
            u.Outcome.TrySetResult(new Outcome { Failure = new() { Message = message, ApplicationFailureInfo = new() { Type = "WorkflowClosed" } } });
        }

        entries.Clear();
    }
}

internal enum UpdateStage
{
    Admitted,
    Delivered,
    Accepted,
}

internal sealed class UpdateEntry(string id, Request request)
{
    public string Id { get; } = id;

    public Request Request { get; } = request;

    public UpdateStage Stage { get; set; } = UpdateStage.Admitted;

    public long AcceptedEventId { get; set; }

    public TaskCompletionSource<bool> Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Outcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
