using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>
/// DescribeTaskQueue (the UI's "workers/pollers" view of a task queue) and ListTaskQueuePartitions. Each queue
/// is a single partition owned by this process; pollers are those seen in the last five minutes, as on Temporal.
/// </summary>
internal sealed class TaskQueueApi(EngineCore core)
{
    private const string Host = "karma-temporal-dev";
    private static readonly long PollerWindowMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

    public void Register(HandlerMap map)
    {
        map.Add<DescribeTaskQueueRequest, DescribeTaskQueueResponse>(Describe);
        map.Add<ListTaskQueuePartitionsRequest, ListTaskQueuePartitionsResponse>(r =>
        {
            core.Namespaces.Require(r.Namespace);
            var name = RequireQueue(r.TaskQueue);
            var partition = new TaskQueuePartitionMetadata { Key = name, OwnerHostName = Host };
            return new ListTaskQueuePartitionsResponse
            {
                WorkflowTaskQueuePartitions = { partition },
                ActivityTaskQueuePartitions = { partition.Clone() },
            };
        });
    }

    private DescribeTaskQueueResponse Describe(DescribeTaskQueueRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        var name = RequireQueue(r.TaskQueue);
        var activity = r.TaskQueueType switch
        {
            TaskQueueType.Unspecified or TaskQueueType.Workflow => false,
            TaskQueueType.Activity => true,
            _ => throw RpcErrors.InvalidArgument($"DescribeTaskQueue: task queue type {r.TaskQueueType} is not served by karma-temporal-dev (workflow and activity queues are)."),
        };
        var queue = core.Queues.Find(r.Namespace, activity, name);
        var response = new DescribeTaskQueueResponse();
        if (queue is null)
        {
            return response;
        }

        foreach (var (identity, lastAccessMs) in queue.Pollers(Clock.NowMs - PollerWindowMs))
        {
            response.Pollers.Add(new PollerInfo { Identity = identity, LastAccessTime = Clock.ToTimestamp(lastAccessMs), RatePerSecond = 100_000 });
        }

        if (r.ReportStats)
        {
            response.Stats = new TaskQueueStats { ApproximateBacklogCount = queue.BacklogCount };
        }

        return response;
    }

    private static string RequireQueue(TaskQueue? queue) =>
        string.IsNullOrEmpty(queue?.Name) ? throw RpcErrors.InvalidArgument("Task queue name is not set on the request.") : queue.Name;
}
