using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Common;

namespace Karma.Benchmarks;

/// <summary>Where a workflow run's wall time went, from its history: each activity (scheduled → completed) and the rest.</summary>
internal sealed record WorkflowTimeline(IReadOnlyList<(string Activity, double Ms)> Activities, int WorkflowTasks)
{
    public static WorkflowTimeline From(WorkflowHistory history)
    {
        var scheduled = new Dictionary<long, (string Name, DateTime At)>();
        var activities = new List<(string Activity, double Ms)>();
        var workflowTasks = 0;
        foreach (var e in history.Events)
        {
            switch (e.EventType)
            {
                case EventType.ActivityTaskScheduled:
                    scheduled[e.EventId] = (e.ActivityTaskScheduledEventAttributes.ActivityType.Name, e.EventTime.ToDateTime());
                    break;
                case EventType.ActivityTaskCompleted:
                    Add(e.ActivityTaskCompletedEventAttributes.ScheduledEventId, e);
                    break;
                case EventType.ActivityTaskFailed:
                    Add(e.ActivityTaskFailedEventAttributes.ScheduledEventId, e);
                    break;
                case EventType.WorkflowTaskCompleted:
                    workflowTasks++;
                    break;
            }
        }

        return new WorkflowTimeline(activities, workflowTasks);

        void Add(long scheduledId, HistoryEvent done)
        {
            var (name, at) = scheduled[scheduledId];
            activities.Add((name, (done.EventTime.ToDateTime() - at).TotalMilliseconds));
        }
    }

    public double ActivityMs => Activities.Sum(a => a.Ms);
}
