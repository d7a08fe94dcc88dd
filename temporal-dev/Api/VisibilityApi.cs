using System.Globalization;
using Google.Protobuf;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;
using Karma.TemporalDev.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>ListWorkflowExecutions / CountWorkflowExecutions over SQLite, filtered by the parsed query.</summary>
internal sealed class VisibilityApi(EngineCore core)
{
    private const int DefaultPageSize = 100;

    public void Register(HandlerMap map)
    {
        map.Add<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse>(List);
        map.Add<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse>(Count);

        // Batch operations are not implemented (StartBatchOperation answers UNIMPLEMENTED), so there are none to
        // list; the UI's batch page calls this and shows the empty list.
        map.Add<ListBatchOperationsRequest, ListBatchOperationsResponse>(r =>
        {
            core.Namespaces.Require(r.Namespace);
            return new ListBatchOperationsResponse();
        });
    }

    private CountWorkflowExecutionsResponse Count(CountWorkflowExecutionsRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        var q = Parse(r.Namespace, r.Query);
        if (!q.GroupByExecutionStatus)
        {
            return new CountWorkflowExecutionsResponse { Count = core.Runs.Store.CountExecutions(q.Where, q.Parameters) };
        }

        // As Temporal answers it: one group per status, its value the status name as a json/plain keyword payload.
        var response = new CountWorkflowExecutionsResponse();
        foreach (var (status, count) in core.Runs.Store.CountExecutionsByStatus(q.Where, q.Parameters))
        {
            response.Count += count;
            response.Groups.Add(new CountWorkflowExecutionsResponse.Types.AggregationGroup
            {
                Count = count,
                GroupValues = { JsonPayload($"\"{status}\"") },
            });
        }

        return response;
    }

    private static Payload JsonPayload(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private ListWorkflowExecutionsResponse List(ListWorkflowExecutionsRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        var q = Parse(r.Namespace, r.Query);
        if (q.GroupByExecutionStatus)
        {
            throw RpcErrors.InvalidArgument($"Invalid query \"{r.Query}\": GROUP BY is only supported by CountWorkflowExecutions.");
        }

        var offset = r.NextPageToken.IsEmpty ? 0 : int.TryParse(r.NextPageToken.ToStringUtf8(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o >= 0
            ? o
            : throw RpcErrors.InvalidArgument("Malformed list page token.");
        var pageSize = r.PageSize > 0 ? r.PageSize : DefaultPageSize;
        var rows = core.Runs.Store.ListExecutions(q.Where, q.Parameters, offset, pageSize + 1);
        var response = new ListWorkflowExecutionsResponse();
        foreach (var row in rows.Take(pageSize))
        {
            response.Executions.Add(ToInfo(row));
        }

        if (rows.Count > pageSize)
        {
            response.NextPageToken = ByteString.CopyFromUtf8((offset + pageSize).ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private static VisibilityQuery Parse(string ns, string query)
    {
        try
        {
            return VisibilityQuery.Parse(ns, query);
        }
        catch (VisibilityQueryException e)
        {
            throw RpcErrors.InvalidArgument($"Invalid query \"{query}\": {e.Message}");
        }
    }

    private static WorkflowExecutionInfo ToInfo(VisibilityRow row)
    {
        var state = RunRepository.ParseState(row.StateJson);
        return new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = row.WorkflowId, RunId = row.RunId },
            Type = new() { Name = row.WorkflowType },
            StartTime = Clock.ToTimestamp(row.StartMs),
            CloseTime = row.CloseMs is { } close ? Clock.ToTimestamp(close) : null,
            Status = row.Status,
            HistoryLength = row.HistoryLength,
            ExecutionTime = Clock.ToTimestamp(row.StartMs),
            TaskQueue = row.TaskQueue,
            Memo = state.Memo is null ? new Memo() : Memo.Parser.ParseFrom(state.Memo),
            SearchAttributes = state.SearchAttributes is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(state.SearchAttributes),
            FirstRunId = state.FirstRunId,
        };
    }
}
