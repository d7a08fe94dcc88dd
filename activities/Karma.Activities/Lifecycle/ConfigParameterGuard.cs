using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// Keeps the Parameter Store contract's invariant: between Terraform runs <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/config</c>
/// holds the last applied config. A plan of a proposed config writes it for the plan and puts the applied one back.
/// </summary>
/// <remarks>
/// Every write-plan-restore runs under a per-component lock (an exclusive lock file), so a dry run and a change's plan
/// of the same component never interleave their writes; the publish and the reads of a change take it too. Before the
/// proposed config is written, a journal naming the version to put back is written beside the lock: a worker killed
/// between write and restore leaves the journal, and whoever takes the lock next (the activity's retry, or any later
/// step of the component) puts the applied config back first. Lock and journal live under Karma's home, so workers
/// that share the component need a shared home, like the orphaned-apply detection of the Terraform runner.
/// </remarks>
public sealed class ConfigParameterGuard(IParameterStore parameters, LifecycleOptions options)
{
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits for the component's lock (held until disposed) and repairs what a dead holder left.</summary>
    public async Task<IAsyncDisposable> EnterAsync(string environment, ComponentId component, CancellationToken ct)
    {
        var held = await ComponentLock.TakeAsync(LockPath(environment, component), LockPoll, ct);
        try
        {
            await RepairAsync(environment, component, ct);
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="plan"/> with <paramref name="configJson"/> in the config parameter and puts the parameter back
    /// as it was (value and tier; absent stays absent) whatever happens. Call it inside <see cref="EnterAsync"/>.
    /// </summary>
    public async Task<T> WithProposedConfigAsync<T>(string environment, ComponentId component, string configJson, Func<CancellationToken, Task<T>> plan, CancellationToken ct)
    {
        var path = ConfigPath(component);
        var current = await parameters.TryGetAsync(path, withDecryption: true, ct);
        if (current is not null && JsonNode.DeepEquals(JsonNode.Parse(current.Value), JsonNode.Parse(configJson)))
        {
            return await plan(ct);
        }

        var tier = current is null ? null : await parameters.GetTierAsync(path, ct);
        await WriteJournalAsync(JournalPath(environment, component), new RestoreJournal(path, current?.Version, tier), ct);
        await parameters.PutAsync(new ParameterWrite(path, configJson, Overwrite: true, Tier: tier ?? options.ParameterTier), ct);
        try
        {
            return await plan(ct);
        }
        finally
        {
            // The restore must happen even when the plan was cancelled.
            await RepairAsync(environment, component, CancellationToken.None);
        }
    }

    /// <summary>Puts back the config a journal names (a write whose restore did not happen) and removes the journal.</summary>
    public async Task<bool> RepairAsync(string environment, ComponentId component, CancellationToken ct)
    {
        var journalPath = JournalPath(environment, component);
        if (!File.Exists(journalPath))
        {
            return false;
        }

        var journal = JsonSerializer.Deserialize<RestoreJournal>(await File.ReadAllTextAsync(journalPath, ct))
            ?? throw new InvalidOperationException($"the restore journal {journalPath} is empty.");
        if (journal.Version is not { } version)
        {
            await parameters.DeleteAsync(journal.Parameter, ct);
        }
        else
        {
            var applied = await parameters.GetVersionAsync(journal.Parameter, version, withDecryption: true, ct);
            var current = await parameters.TryGetAsync(journal.Parameter, withDecryption: true, ct);
            var tier = journal.Tier ?? options.ParameterTier;
            if (current?.Value != applied.Value || await parameters.GetTierAsync(journal.Parameter, ct) != tier)
            {
                await parameters.PutAsync(new ParameterWrite(journal.Parameter, applied.Value, applied.Type, Overwrite: true, Tier: tier), ct);
            }
        }

        File.Delete(journalPath);
        return true;
    }

    private static async Task WriteJournalAsync(string path, RestoreJournal journal, CancellationToken ct)
    {
        // Written whole then renamed: a crash never leaves half a journal.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(journal), ct);
        File.Move(temporary, path, overwrite: true);
    }

    private string ConfigPath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/config";

    private string Folder(string environment, ComponentId component)
    {
        var folder = Path.Combine(options.ResolveHome(), "parameter-contract", environment, component.Type);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private string LockPath(string environment, ComponentId component) => Path.Combine(Folder(environment, component), component.Nickname + ".lock");

    private string JournalPath(string environment, ComponentId component) => Path.Combine(Folder(environment, component), component.Nickname + ".restore.json");

    /// <param name="Version">The version to put back; null when the parameter did not exist (it is deleted).</param>
    private sealed record RestoreJournal(string Parameter, long? Version, string? Tier);
}
