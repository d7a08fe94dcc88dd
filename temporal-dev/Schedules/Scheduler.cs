using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Schedules;

/// <summary>
/// Schedules: stored whole in SQLite (as their description), armed on a timer for their next time, and on
/// firing start a workflow subject to the overlap policy (Skip, AllowAll, CancelOther, TerminateOther;
/// BufferOne/BufferAll behave as Skip). Survive restarts: loaded and re-armed on start-up.
/// </summary>
internal sealed class Scheduler(EngineCore core, SqliteStore store)
{
    private const int RecentActionsKept = 10;
    private readonly Dictionary<(string Ns, string Id), DescribeScheduleResponse> schedules = [];
    private readonly Lock gate = new();

    public void Recover()
    {
        foreach (var (ns, id, data) in store.LoadSchedules())
        {
            var d = DescribeScheduleResponse.Parser.ParseFrom(data);
            lock (gate)
            {
                schedules[(ns, id)] = d;
            }

            Arm(ns, id, d.ConflictToken);
        }
    }

    public void Create(CreateScheduleRequest r)
    {
        Validate(r.Schedule);
        var now = Clock.NowMs;
        var d = new DescribeScheduleResponse
        {
            Schedule = r.Schedule,
            Memo = r.Memo,
            Info = new ScheduleInfo { CreateTime = Clock.ToTimestamp(now), UpdateTime = Clock.ToTimestamp(now) },
            ConflictToken = ByteString.CopyFromUtf8("1"),
        };
        lock (gate)
        {
            if (schedules.ContainsKey((r.Namespace, r.ScheduleId)))
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"Schedule '{r.ScheduleId}' already exists."));
            }

            schedules[(r.Namespace, r.ScheduleId)] = d;
            Save(r.Namespace, r.ScheduleId, d);
        }

        if (r.InitialPatch is { } patch)
        {
            Patch(r.Namespace, r.ScheduleId, patch);
        }

        Arm(r.Namespace, r.ScheduleId, d.ConflictToken);
    }

    public DescribeScheduleResponse Describe(string ns, string id)
    {
        lock (gate)
        {
            var d = Find(ns, id).Clone();

            // Runs the schedule started that closed since (terminated by an overlap policy, finished) are no longer running.
            var open = d.Info.RunningWorkflows.Where(e => core.Runs.FindRun(e.RunId) is { IsOpen: true }).ToList();
            d.Info.RunningWorkflows.Clear();
            d.Info.RunningWorkflows.Add(open);
            foreach (var action in d.Info.RecentActions)
            {
                if (action.StartWorkflowResult is { } started && core.Runs.FindRun(started.RunId) is { } run)
                {
                    action.StartWorkflowStatus = run.State.Status;
                }
            }

            d.Info.FutureActionTimes.Clear();
            var after = DateTimeOffset.UtcNow;
            for (var i = 0; i < 5 && ScheduleTimes.Next(d.Schedule.Spec, after) is { } next; i++)
            {
                d.Info.FutureActionTimes.Add(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(next));
                after = next;
            }

            return d;
        }
    }

    public ListSchedulesResponse List(string ns)
    {
        lock (gate)
        {
            var response = new ListSchedulesResponse();
            foreach (var ((scheduleNs, id), d) in schedules.OrderBy(s => s.Key.Id, StringComparer.Ordinal))
            {
                if (scheduleNs != ns)
                {
                    continue;
                }

                response.Schedules.Add(new ScheduleListEntry
                {
                    ScheduleId = id,
                    Memo = d.Memo,
                    Info = new ScheduleListInfo
                    {
                        Spec = d.Schedule.Spec,
                        WorkflowType = d.Schedule.Action.StartWorkflow?.WorkflowType,
                        Notes = d.Schedule.State?.Notes ?? string.Empty,
                        Paused = d.Schedule.State?.Paused ?? false,
                        RecentActions = { d.Info.RecentActions },
                    },
                });
            }

            return response;
        }
    }

    public void Update(UpdateScheduleRequest r)
    {
        Validate(r.Schedule);
        ByteString token;
        lock (gate)
        {
            var d = Find(r.Namespace, r.ScheduleId);
            if (!r.ConflictToken.IsEmpty && r.ConflictToken != d.ConflictToken)
            {
                throw RpcErrors.FailedPrecondition($"Schedule '{r.ScheduleId}' changed since it was read (conflict token mismatch).");
            }

            d.Schedule = r.Schedule;
            if (r.Memo is not null)
            {
                d.Memo = r.Memo;
            }

            d.Info.UpdateTime = Clock.ToTimestamp(Clock.NowMs);
            token = d.ConflictToken = NextToken(d.ConflictToken);
            Save(r.Namespace, r.ScheduleId, d);
        }

        Arm(r.Namespace, r.ScheduleId, token);
    }

    public void Patch(string ns, string id, SchedulePatch patch)
    {
        lock (gate)
        {
            var d = Find(ns, id);
            d.Schedule.State ??= new ScheduleState();
            if (!string.IsNullOrEmpty(patch.Pause))
            {
                d.Schedule.State.Paused = true;
                d.Schedule.State.Notes = patch.Pause;
            }

            if (!string.IsNullOrEmpty(patch.Unpause))
            {
                d.Schedule.State.Paused = false;
                d.Schedule.State.Notes = patch.Unpause;
            }

            d.Info.UpdateTime = Clock.ToTimestamp(Clock.NowMs);
            Save(ns, id, d);
        }

        if (patch.TriggerImmediately is { } trigger)
        {
            Act(ns, id, DateTimeOffset.UtcNow, trigger.OverlapPolicy, manual: true);
        }
    }

    public void Delete(string ns, string id)
    {
        lock (gate)
        {
            Find(ns, id);
            schedules.Remove((ns, id));
            store.SaveSchedule(ns, id, null);
        }
    }

    private static void Validate(Schedule? schedule)
    {
        if (schedule?.Spec is null || schedule.Action?.StartWorkflow is not { } start)
        {
            throw RpcErrors.InvalidArgument("A schedule needs a spec and a start-workflow action.");
        }

        if (string.IsNullOrEmpty(start.WorkflowId) || string.IsNullOrEmpty(start.WorkflowType?.Name) || string.IsNullOrEmpty(start.TaskQueue?.Name))
        {
            throw RpcErrors.InvalidArgument("A schedule's start-workflow action needs a workflow id, type and task queue.");
        }

        ScheduleTimes.Validate(schedule.Spec);
    }

    private static ByteString NextToken(ByteString token) =>
        ByteString.CopyFromUtf8((long.Parse(token.ToStringUtf8(), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));

    private DescribeScheduleResponse Find(string ns, string id) =>
        schedules.TryGetValue((ns, id), out var d) ? d : throw RpcErrors.NotFound($"Schedule '{id}' not found in namespace '{ns}'.");

    private void Save(string ns, string id, DescribeScheduleResponse d) => store.SaveSchedule(ns, id, d.ToByteArray());

    /// <summary>Arms the next firing; a timer armed under an older conflict token (the schedule changed) does nothing.</summary>
    private void Arm(string ns, string id, ByteString token)
    {
        DateTimeOffset? next;
        lock (gate)
        {
            if (!schedules.TryGetValue((ns, id), out var d) || d.ConflictToken != token)
            {
                return;
            }

            next = ScheduleTimes.Next(d.Schedule.Spec, DateTimeOffset.UtcNow);
        }

        if (next is { } due)
        {
            core.Timers.At(due.ToUnixTimeMilliseconds(), "schedule", () =>
            {
                bool current;
                lock (gate)
                {
                    current = schedules.TryGetValue((ns, id), out var d) && d.ConflictToken == token;
                }

                if (current)
                {
                    Act(ns, id, due, ScheduleOverlapPolicy.Unspecified, manual: false);
                    Arm(ns, id, token);
                }
            });
        }
    }

    private void Act(string ns, string id, DateTimeOffset scheduledTime, ScheduleOverlapPolicy overlapOverride, bool manual)
    {
        DescribeScheduleResponse d;
        List<WorkflowRun> running;
        lock (gate)
        {
            if (!schedules.TryGetValue((ns, id), out d!) || (!manual && d.Schedule.State?.Paused == true))
            {
                return;
            }

            running = d.Info.RunningWorkflows.Select(e => core.Runs.FindRun(e.RunId)).Where(r => r is { IsOpen: true }).Select(r => r!).ToList();
            d.Info.RunningWorkflows.Clear();
            d.Info.RunningWorkflows.Add(running.Select(r => r.Execution));
        }

        var policy = overlapOverride != ScheduleOverlapPolicy.Unspecified ? overlapOverride : d.Schedule.Policies?.OverlapPolicy ?? ScheduleOverlapPolicy.Unspecified;
        if (running.Count > 0)
        {
            switch (policy)
            {
                case ScheduleOverlapPolicy.AllowAll:
                    break;
                case ScheduleOverlapPolicy.CancelOther or ScheduleOverlapPolicy.TerminateOther:
                    foreach (var run in running)
                    {
                        try
                        {
                            if (policy == ScheduleOverlapPolicy.CancelOther)
                            {
                                core.Lifecycle.RequestCancel(run, $"schedule {id}: overlap policy CancelOther", "karma-temporal-dev scheduler");
                            }
                            else
                            {
                                core.Lifecycle.Terminate(run, $"schedule {id}: overlap policy TerminateOther", null, "karma-temporal-dev scheduler");
                            }
                        }
                        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                        {
                            // Closed meanwhile: nothing to stop.
                        }
                    }

                    break;
                default:
                    lock (gate)
                    {
                        d.Info.OverlapSkipped++;
                        Save(ns, id, d);
                    }

                    return;
            }
        }

        var action = d.Schedule.Action.StartWorkflow;
        var workflowId = $"{action.WorkflowId}-{scheduledTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
        WorkflowRun started;
        try
        {
            started = core.Lifecycle.Start(new StartSpec(ns, workflowId, action.WorkflowType.Name, action.TaskQueue.Name, $"{ns}/{id}/{workflowId}")
            {
                Input = action.Input,
                ExecutionTimeout = action.WorkflowExecutionTimeout,
                RunTimeout = action.WorkflowRunTimeout,
                TaskTimeout = action.WorkflowTaskTimeout,
                Identity = "karma-temporal-dev scheduler",
                RetryPolicy = action.RetryPolicy,
                Memo = action.Memo,
                SearchAttributes = action.SearchAttributes,
                Header = action.Header,
                UserMetadata = action.UserMetadata,
                ConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            }).Run;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return;
        }

        lock (gate)
        {
            d.Info.ActionCount++;
            d.Info.RunningWorkflows.Add(started.Execution);
            d.Info.RecentActions.Add(new ScheduleActionResult
            {
                ScheduleTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(scheduledTime),
                ActualTime = Clock.ToTimestamp(Clock.NowMs),
                StartWorkflowResult = new WorkflowExecution { WorkflowId = started.WorkflowId, RunId = started.RunId },
                StartWorkflowStatus = WorkflowExecutionStatus.Running,
            });
            while (d.Info.RecentActions.Count > RecentActionsKept)
            {
                d.Info.RecentActions.RemoveAt(0);
            }

            Save(ns, id, d);
        }
    }
}
