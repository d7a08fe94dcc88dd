using Google.Protobuf;
using Karma.TemporalDev.Rpc;
using Karma.TemporalDev.Visibility;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// RespondWorkflowTaskCompleted / Failed: validates the task, turns commands and protocol messages (updates)
/// into events in order, then flushes events buffered meanwhile and decides whether another task is owed.
/// </summary>
internal sealed class WorkflowTaskCompletion(EngineCore core)
{
    public RespondWorkflowTaskCompletedResponse Complete(RespondWorkflowTaskCompletedRequest r)
    {
        var (runId, scheduledId, _) = TaskTokens.ParseWorkflowTask(r.TaskToken);
        var run = core.Runs.FindRun(runId) ?? throw RpcErrors.NotFound("Workflow task not found: unknown run.");
        var eager = new List<(long ScheduledId, string Queue)>();
        var invalid = core.Runs.Mutate(run, m =>
        {
            var wt = RequireStarted(m, scheduledId);
            var problem = CommandValidation.Check(r.Commands, r.Messages);
            if (problem is not null)
            {
                core.WorkflowTasks.Fail(m, problem.Value.Cause, new() { Message = problem.Value.Message, Source = "Server" }, r.Identity);
                return problem.Value.Message;
            }

            if (r.Commands.Any(CommandValidation.ClosesWorkflow) && m.History.Buffered.Count > 0)
            {
                // New events arrived while the workflow decided to close: it must see them first.
                core.WorkflowTasks.Fail(m, WorkflowTaskFailedCause.UnhandledCommand, new() { Message = "Unhandled new events before close." }, r.Identity);
                return null;
            }

            var completed = m.Append(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
            {
                ScheduledEventId = wt.ScheduledEventId,
                StartedEventId = wt.StartedEventId,
                Identity = r.Identity,
                SdkMetadata = r.SdkMetadata,
                MeteringMetadata = r.MeteringMetadata,
            });
            m.State.PreviousStartedEventId = wt.StartedEventId;
            m.State.WorkflowTask = null;
            m.State.WorkflowTaskAttempt = 1;
            var stickyQueue = r.StickyAttributes?.WorkerTaskQueue?.Name;
            m.State.StickyQueue = string.IsNullOrEmpty(stickyQueue) ? null : stickyQueue;
            if (Clock.IsSet(r.StickyAttributes?.ScheduleToStartTimeout))
            {
                m.State.StickyScheduleToStartSeconds = r.StickyAttributes!.ScheduleToStartTimeout.ToTimeSpan().TotalSeconds;
            }

            Apply(m, r, completed.EventId, eager);
            return null;
        });
        if (invalid is not null)
        {
            throw RpcErrors.InvalidArgument(invalid);
        }

        var response = new RespondWorkflowTaskCompletedResponse();
        foreach (var (activityId, queue) in eager)
        {
            if (core.Activities.StartEager(run, activityId, queue, r.Identity) is { } task)
            {
                response.ActivityTasks.Add(task);
            }
        }

        return response;
    }

    public void Fail(RespondWorkflowTaskFailedRequest r)
    {
        var (runId, scheduledId, _) = TaskTokens.ParseWorkflowTask(r.TaskToken);
        var run = core.Runs.FindRun(runId) ?? throw RpcErrors.NotFound("Workflow task not found: unknown run.");
        core.Runs.Mutate(run, m =>
        {
            RequireStarted(m, scheduledId);
            core.WorkflowTasks.Fail(m, r.Cause, r.Failure, r.Identity);
        });
    }

    private static WorkflowTaskInfo RequireStarted(RunMutation m, long scheduledId)
    {
        var wt = m.State.WorkflowTask;
        return m.Run.IsOpen && wt is { IsStarted: true } && wt.ScheduledEventId == scheduledId
            ? wt
            : throw RpcErrors.NotFound("Workflow task not found: it timed out, failed, or its workflow closed.");
    }

    private void Apply(RunMutation m, RespondWorkflowTaskCompletedRequest r, long completedId, List<(long ScheduledId, string Queue)> eager)
    {
        var messages = r.Messages.ToDictionary(x => x.Id, StringComparer.Ordinal);
        var handled = new HashSet<string>(StringComparer.Ordinal);
        var newTaskNeeded = r.ForceCreateNewWorkflowTask;
        foreach (var command in r.Commands)
        {
            if (!m.Run.IsOpen)
            {
                break;
            }

            if (command.CommandType == CommandType.ProtocolMessage)
            {
                var id = command.ProtocolMessageCommandAttributes.MessageId;
                if (messages.TryGetValue(id, out var message) && handled.Add(id))
                {
                    ApplyMessage(m, message, completedId);
                }

                continue;
            }

            if (command.CommandType == CommandType.ScheduleActivityTask && IsEager(m, command.ScheduleActivityTaskCommandAttributes))
            {
                eager.Add((core.Activities.Schedule(m, command.ScheduleActivityTaskCommandAttributes, completedId, command.UserMetadata, eager: true), m.State.TaskQueue));
                continue;
            }

            newTaskNeeded |= ApplyCommand(m, command, completedId);
        }

        foreach (var message in r.Messages.Where(x => !handled.Contains(x.Id)))
        {
            if (m.Run.IsOpen)
            {
                ApplyMessage(m, message, completedId);
            }
        }

        if (!m.Run.IsOpen)
        {
            return;
        }

        m.Run.Updates.ReturnUndecidedToAdmitted();
        var hadBuffered = m.History.Buffered.Count > 0;
        m.History.FlushBuffered();
        if (hadBuffered || newTaskNeeded || m.State.WorkflowTaskRequested || m.Run.Updates.HasUndelivered)
        {
            m.State.WorkflowTaskRequested = false;
            core.WorkflowTasks.Schedule(m);
        }
    }

    /// <summary>As on Temporal: only an activity on the workflow's own task queue (which the completing worker polls) runs eagerly.</summary>
    private static bool IsEager(RunMutation m, ScheduleActivityTaskCommandAttributes a) =>
        a.RequestEagerExecution && (string.IsNullOrEmpty(a.TaskQueue?.Name) || a.TaskQueue.Name == m.State.TaskQueue);

    /// <summary>Returns true when the command's outcome is already known and the workflow needs a task to see it.</summary>
    private bool ApplyCommand(RunMutation m, Command c, long completedId)
    {
        switch (c.CommandType)
        {
            case CommandType.ScheduleActivityTask:
                core.Activities.Schedule(m, c.ScheduleActivityTaskCommandAttributes, completedId, c.UserMetadata);
                return false;
            case CommandType.RequestCancelActivityTask:
                return Activities.RequestCancel(m, c.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedId);
            case CommandType.StartTimer:
                core.UserTimers.Start(m, c.StartTimerCommandAttributes, completedId, c.UserMetadata);
                return false;
            case CommandType.CancelTimer:
                UserTimers.Cancel(m, c.CancelTimerCommandAttributes.TimerId, completedId);
                return false;
            case CommandType.RecordMarker:
                var marker = c.RecordMarkerCommandAttributes;
                m.Append(EventType.MarkerRecorded, e => e.MarkerRecordedEventAttributes = new()
                {
                    MarkerName = marker.MarkerName,
                    Details = { marker.Details },
                    Header = marker.Header,
                    Failure = marker.Failure,
                    WorkflowTaskCompletedEventId = completedId,
                });
                return false;
            case CommandType.UpsertWorkflowSearchAttributes:
                var upsert = c.UpsertWorkflowSearchAttributesCommandAttributes;
                m.Append(EventType.UpsertWorkflowSearchAttributes, e => e.UpsertWorkflowSearchAttributesEventAttributes = new()
                {
                    WorkflowTaskCompletedEventId = completedId,
                    SearchAttributes = upsert.SearchAttributes,
                });
                m.State.SearchAttributes = SearchAttributeRows.Merge(m.State.SearchAttributes, upsert.SearchAttributes).ToByteArray();
                m.SearchAttributesChanged = true;
                return false;
            case CommandType.ModifyWorkflowProperties:
                var memo = c.ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo;
                m.Append(EventType.WorkflowPropertiesModified, e => e.WorkflowPropertiesModifiedEventAttributes = new()
                {
                    WorkflowTaskCompletedEventId = completedId,
                    UpsertedMemo = memo,
                });
                m.State.Memo = MemoMerge.Apply(m.State.Memo, memo);
                return false;
            case CommandType.StartChildWorkflowExecution:
                core.Children.Initiate(m, c.StartChildWorkflowExecutionCommandAttributes, completedId, c.UserMetadata);
                return false;
            case CommandType.RequestCancelExternalWorkflowExecution:
                core.Children.RequestCancelExternal(m, c.RequestCancelExternalWorkflowExecutionCommandAttributes, completedId);
                return false;
            case CommandType.SignalExternalWorkflowExecution:
                core.Children.SignalExternal(m, c.SignalExternalWorkflowExecutionCommandAttributes, completedId);
                return false;
            default:
                core.Closing.Apply(m, c, completedId);
                return false;
        }
    }

    private static void ApplyMessage(RunMutation m, Message message, long completedId)
    {
        var updates = m.Run.Updates;
        var entry = updates.Find(message.ProtocolInstanceId);
        if (message.Body.TryUnpack<Acceptance>(out var acceptance))
        {
            var request = entry?.Request ?? acceptance.AcceptedRequest;
            var accepted = m.Append(EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
            {
                ProtocolInstanceId = message.ProtocolInstanceId,
                AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId,
                AcceptedRequestSequencingEventId = completedId - 1,
                AcceptedRequest = request,
            });
            entry ??= updates.Admit(message.ProtocolInstanceId, request);
            entry.Stage = UpdateStage.Accepted;
            entry.AcceptedEventId = accepted.EventId;
            var acceptedEntry = entry;
            m.AfterCommit(() => acceptedEntry.Accepted.TrySetResult(true));
        }
        else if (message.Body.TryUnpack<Rejection>(out var rejection))
        {
            // A rejected update leaves no event behind.
            updates.Remove(message.ProtocolInstanceId);
            if (entry is not null)
            {
                m.AfterCommit(() =>
                {
                    entry.Accepted.TrySetResult(false);
                    entry.Outcome.TrySetResult(new Outcome { Failure = rejection.Failure });
                });
            }
        }
        else if (message.Body.TryUnpack<Response>(out var response))
        {
            var acceptedId = entry?.AcceptedEventId
                ?? m.History.Events.LastOrDefault(e => e.WorkflowExecutionUpdateAcceptedEventAttributes?.ProtocolInstanceId == message.ProtocolInstanceId)?.EventId
                ?? 0;
            m.Append(EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
            {
                Meta = response.Meta,
                AcceptedEventId = acceptedId,
                Outcome = response.Outcome,
            });
            updates.Remove(message.ProtocolInstanceId);
            if (entry is not null)
            {
                m.AfterCommit(() => entry.Outcome.TrySetResult(response.Outcome));
            }
        }
    }
}
