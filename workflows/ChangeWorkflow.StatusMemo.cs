using Google.Protobuf;
using Temporalio.Workflows;

namespace Karma.Workflows;

/// <summary>The change's status published in its memo (<see cref="ChangeStatusMemo"/>), kept equal to the status query.</summary>
public sealed partial class ChangeWorkflow
{
    // Changes started before the memo existed never publish one: their histories replay unchanged.
    private const string StatusMemoPatch = "karma-status-memo";

    private bool _publishesStatus;
    private bool _statusInMemo;
    private ByteString? _publishedStatus;

    /// <summary>Called once, at the start of the run: publishes now and after every workflow task that changed the status.</summary>
    private void StartPublishingStatus()
    {
        if (!Workflow.Patched(StatusMemoPatch))
        {
            return;
        }

        _publishesStatus = true;
        _ = PublishStatusOnChangeAsync();
    }

    private async Task PublishStatusOnChangeAsync()
    {
        while (true)
        {
            PublishStatus();

            // The condition is checked once the task's jobs ran: one memo upsert per task that changed something, however
            // many fields it changed. Detached: a cancelled change still publishes how it ended.
            await Workflow.WaitConditionAsync(() => !StatusBytes().Equals(_publishedStatus), Detached);
        }
    }

    /// <summary>Upserts the memo if the status changed since the last upsert. The last call before the run returns must be explicit.</summary>
    private void PublishStatus()
    {
        if (!_publishesStatus)
        {
            return;
        }

        var bytes = StatusBytes();
        if (bytes.Equals(_publishedStatus))
        {
            return;
        }

        _publishedStatus = bytes;
        if (bytes.Length <= ChangeStatusMemo.MaxBytes)
        {
            Workflow.UpsertMemo(MemoUpdate.ValueSet(ChangeStatusMemo.Key, Status));
            _statusInMemo = true;
        }
        else if (_statusInMemo)
        {
            // Never leave a stale status behind: readers fall back to the query.
            Workflow.UpsertMemo(MemoUpdate.ValueUnset(ChangeStatusMemo.Key));
            _statusInMemo = false;
        }
    }

    private ByteString StatusBytes() => Workflow.PayloadConverter.ToPayload(Status).Data;
}
