using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>
/// GetWorkflowExecutionHistory: paging (token = next event id), wait-new-event long polls, and the
/// close-event filter that clients use to wait for a result; GetWorkflowExecutionHistoryReverse (newest first,
/// how the Temporal UI shows the latest events of a long history).
/// </summary>
internal sealed class HistoryApi(EngineCore core)
{
    private const int DefaultPageSize = 1000;

    public void Register(HandlerMap map)
    {
        map.Add<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>(GetHistoryAsync);
        map.Add<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>(GetHistoryReverse);
    }

    /// <summary>Pages from the last event down; the token is the event id the next page starts from.</summary>
    private GetWorkflowExecutionHistoryReverseResponse GetHistoryReverse(GetWorkflowExecutionHistoryReverseRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.Execution?.WorkflowId, "workflow id");
        var run = core.Runs.Find(r.Namespace, r.Execution) ?? throw RpcErrors.WorkflowNotFound(r.Namespace, r.Execution!.WorkflowId, r.Execution.RunId);
        var pageSize = r.MaximumPageSize > 0 ? r.MaximumPageSize : DefaultPageSize;
        lock (run.Gate)
        {
            var events = run.History.Events;
            var from = r.NextPageToken.IsEmpty ? events.Count : (int)Math.Min(ParseToken(r.NextPageToken), events.Count);
            var response = new GetWorkflowExecutionHistoryReverseResponse { History = new() };
            var last = Math.Max(1, from - pageSize + 1);
            for (var id = from; id >= last; id--)
            {
                response.History.Events.Add(events[id - 1].Clone());
            }

            if (last > 1)
            {
                response.NextPageToken = Token(last - 1);
            }

            return response;
        }
    }

    private async Task<GetWorkflowExecutionHistoryResponse> GetHistoryAsync(GetWorkflowExecutionHistoryRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.Execution?.WorkflowId, "workflow id");
        var run = core.Runs.Find(r.Namespace, r.Execution) ?? throw RpcErrors.WorkflowNotFound(r.Namespace, r.Execution!.WorkflowId, r.Execution.RunId);
        var from = ParseToken(r.NextPageToken);
        var pageSize = r.MaximumPageSize > 0 ? r.MaximumPageSize : DefaultPageSize;
        var until = DateTime.UtcNow + LongPoll.Budget(call);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, core.Stopping.Token);
        while (true)
        {
            Task change;
            lock (run.Gate)
            {
                var events = run.History.Events;
                if (r.HistoryEventFilterType == HistoryEventFilterType.CloseEvent)
                {
                    if (!run.IsOpen)
                    {
                        return new GetWorkflowExecutionHistoryResponse { History = new() { Events = { events[^1].Clone() } } };
                    }
                }
                else if (events.Count >= from || !r.WaitNewEvent || !run.IsOpen)
                {
                    return Page(run, events, from, pageSize, r.WaitNewEvent);
                }

                if (!r.WaitNewEvent)
                {
                    return new GetWorkflowExecutionHistoryResponse { History = new() };
                }

                change = run.NextChange;
            }

            if (!await LongPoll.WaitAsync(change, until, cancel.Token))
            {
                // Nothing new in time: an empty page with a token to resume from (the SDK polls again).
                return new GetWorkflowExecutionHistoryResponse { History = new(), NextPageToken = Token(from) };
            }
        }
    }

    private static GetWorkflowExecutionHistoryResponse Page(WorkflowRun run, IReadOnlyList<HistoryEvent> events, long from, int pageSize, bool waitNewEvent)
    {
        var response = new GetWorkflowExecutionHistoryResponse { History = new() };
        var start = (int)from - 1;
        var end = Math.Min(events.Count, start + pageSize);
        for (var i = start; i < end; i++)
        {
            response.History.Events.Add(events[i].Clone());
        }

        if (end < events.Count || (waitNewEvent && run.IsOpen))
        {
            response.NextPageToken = Token(end + 1);
        }

        return response;
    }

    private static long ParseToken(ByteString token)
    {
        if (token.IsEmpty)
        {
            return 1;
        }

        return long.TryParse(token.ToStringUtf8(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var from) && from >= 1
            ? from
            : throw RpcErrors.InvalidArgument("Malformed history page token.");
    }

    private static ByteString Token(long nextEventId) => ByteString.CopyFromUtf8(nextEventId.ToString(CultureInfo.InvariantCulture));
}
