using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// The history of one run: committed events, events appended in the current mutation (not yet persisted),
/// and events buffered while a workflow task is running (they must land after that task's completion).
/// </summary>
internal sealed class HistoryLog
{
    private readonly List<HistoryEvent> events;
    private readonly List<HistoryEvent> buffered;

    public HistoryLog(List<HistoryEvent> events, List<HistoryEvent> buffered)
    {
        this.events = events;
        this.buffered = buffered;
        PersistedCount = events.Count;
    }

    public IReadOnlyList<HistoryEvent> Events => events;

    public IReadOnlyList<HistoryEvent> Buffered => buffered;

    public int PersistedCount { get; private set; }

    public bool BufferedChanged { get; private set; }

    public long NextEventId => events.Count + 1;

    public long LastEventId => events.Count;

    public HistoryEvent Append(EventType type, Action<HistoryEvent> setAttributes)
    {
        var e = NewEvent(type, setAttributes);
        Assign(e);
        return e;
    }

    public void Buffer(EventType type, Action<HistoryEvent> setAttributes)
    {
        buffered.Add(NewEvent(type, setAttributes));
        BufferedChanged = true;
    }

    /// <summary>
    /// Moves buffered events into history. An activity's Started event is buffered together with its
    /// Completed/Failed/Canceled event, so the closing event's started id is linked here, once ids exist.
    /// </summary>
    public void FlushBuffered()
    {
        if (buffered.Count == 0)
        {
            return;
        }

        var startedIds = new Dictionary<long, long>();
        foreach (var e in buffered)
        {
            Assign(e);
            LinkActivityStarted(e, startedIds);
        }

        buffered.Clear();
        BufferedChanged = true;
    }

    public void ClearBuffered()
    {
        if (buffered.Count > 0)
        {
            buffered.Clear();
            BufferedChanged = true;
        }
    }

    public IEnumerable<HistoryEvent> Unpersisted() => events.Skip(PersistedCount);

    public void MarkPersisted()
    {
        PersistedCount = events.Count;
        BufferedChanged = false;
    }

    public HistoryEvent Get(long eventId) => events[(int)eventId - 1];

    private void Assign(HistoryEvent e)
    {
        e.EventId = events.Count + 1;
        e.TaskId = e.EventId;
        events.Add(e);
    }

    private static HistoryEvent NewEvent(EventType type, Action<HistoryEvent> setAttributes)
    {
        var e = new HistoryEvent { EventType = type, EventTime = Timestamp.FromDateTime(DateTime.UtcNow) };
        setAttributes(e);
        return e;
    }

    private static void LinkActivityStarted(HistoryEvent e, Dictionary<long, long> startedIds)
    {
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskStartedEventAttributes:
                startedIds[e.ActivityTaskStartedEventAttributes.ScheduledEventId] = e.EventId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes:
                var c = e.ActivityTaskCompletedEventAttributes;
                c.StartedEventId = startedIds.GetValueOrDefault(c.ScheduledEventId, c.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes:
                var f = e.ActivityTaskFailedEventAttributes;
                f.StartedEventId = startedIds.GetValueOrDefault(f.ScheduledEventId, f.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes:
                var t = e.ActivityTaskTimedOutEventAttributes;
                t.StartedEventId = startedIds.GetValueOrDefault(t.ScheduledEventId, t.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes:
                var x = e.ActivityTaskCanceledEventAttributes;
                x.StartedEventId = startedIds.GetValueOrDefault(x.ScheduledEventId, x.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                startedIds[e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId] = e.EventId;
                break;
            default:
                LinkChildStarted(e, startedIds);
                break;
        }
    }

    private static void LinkChildStarted(HistoryEvent e, Dictionary<long, long> startedIds)
    {
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                var c = e.ChildWorkflowExecutionCompletedEventAttributes;
                c.StartedEventId = c.StartedEventId != 0 ? c.StartedEventId : startedIds.GetValueOrDefault(c.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                var f = e.ChildWorkflowExecutionFailedEventAttributes;
                f.StartedEventId = f.StartedEventId != 0 ? f.StartedEventId : startedIds.GetValueOrDefault(f.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                var x = e.ChildWorkflowExecutionCanceledEventAttributes;
                x.StartedEventId = x.StartedEventId != 0 ? x.StartedEventId : startedIds.GetValueOrDefault(x.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                var t = e.ChildWorkflowExecutionTerminatedEventAttributes;
                t.StartedEventId = t.StartedEventId != 0 ? t.StartedEventId : startedIds.GetValueOrDefault(t.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                var o = e.ChildWorkflowExecutionTimedOutEventAttributes;
                o.StartedEventId = o.StartedEventId != 0 ? o.StartedEventId : startedIds.GetValueOrDefault(o.InitiatedEventId);
                break;
            default:
                break;
        }
    }
}
