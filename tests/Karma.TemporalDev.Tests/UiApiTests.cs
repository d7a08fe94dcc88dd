using Google.Protobuf;
using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Common;
using RpcException = Temporalio.Exceptions.RpcException;

namespace Karma.TemporalDev.Tests;

/// <summary>
/// The RPCs the Temporal UI server (temporalio/ui, server/server/api via grpc-gateway) and the temporal CLI call
/// to list and inspect runs, called with the request shapes they send, through the SDK's raw service clients.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class UiApiTests(TemporalServerFixture fixture)
{
    private WorkflowService Workflows => fixture.Client.WorkflowService;

    private OperatorService Operator => fixture.Client.OperatorService;

    [Fact]
    public async Task Search_attributes_are_added_listed_used_in_queries_and_removed()
    {
        var name = $"KarmaUi{Guid.NewGuid():N}";
        await Operator.AddSearchAttributesAsync(new AddSearchAttributesRequest { Namespace = "default", SearchAttributes = { [name] = IndexedValueType.Keyword } });

        // Adding the same name with the same type again is a no-op, as `temporal operator search-attribute create` expects.
        await Operator.AddSearchAttributesAsync(new AddSearchAttributesRequest { Namespace = "default", SearchAttributes = { [name] = IndexedValueType.Keyword } });
        var otherType = await Assert.ThrowsAsync<RpcException>(() => Operator.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { [name] = IndexedValueType.Int },
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, otherType.Code);
        Assert.Contains(name, otherType.Message, StringComparison.Ordinal);
        var reserved = await Assert.ThrowsAsync<RpcException>(() => Operator.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { ["WorkflowType"] = IndexedValueType.Keyword },
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, reserved.Code);

        var listed = await Operator.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" });
        Assert.Equal(IndexedValueType.Keyword, listed.CustomAttributes[name]);
        Assert.Equal(IndexedValueType.Datetime, listed.SystemAttributes["StartTime"]);
        Assert.Equal(IndexedValueType.Keyword, listed.SystemAttributes["WorkflowId"]);
        Assert.DoesNotContain(name, (await Operator.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "second" })).CustomAttributes.Keys);
        Assert.Equal(IndexedValueType.Keyword, (await Workflows.GetSearchAttributesAsync(new GetSearchAttributesRequest())).Keys[name]);

        var key = SearchAttributeKey.CreateKeyword(name);
        var handle = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), TemporalServerFixture.NewTaskQueue())
        {
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(key, "blue").ToSearchAttributeCollection(),
        });
        Assert.Equal(1, (await fixture.Client.CountWorkflowsAsync($"`{name}` = 'blue'")).Count);

        await Operator.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = "default", SearchAttributes = { name } });
        var again = await Assert.ThrowsAsync<RpcException>(() => Operator.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = "default", SearchAttributes = { name } }));
        Assert.Equal(RpcException.StatusCode.NotFound, again.Code);
        var unknownNamespace = await Assert.ThrowsAsync<RpcException>(() => Operator.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "no-such-namespace" }));
        Assert.Equal(RpcException.StatusCode.NotFound, unknownNamespace.Code);
        await handle.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Workflow_list_counts_by_status_and_the_ui_default_views_are_answered()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var parent = await fixture.Client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync("ok"), new(TemporalServerFixture.NewWorkflowId(), queue));
            await parent.GetResultAsync();
            var running = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));

            // The UI's status counts: `<filter> GROUP BY ExecutionStatus`, one group per status with the name as a keyword payload.
            var counts = await Workflows.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = "default", Query = $"TaskQueue = '{queue}' GROUP BY ExecutionStatus" });
            Assert.Equal(3, counts.Count);
            var groups = counts.Groups.ToDictionary(g => g.GroupValues.Single().Data.ToStringUtf8(), g => g.Count);
            Assert.Equal(new Dictionary<string, long> { ["\"Running\""] = 1, ["\"Completed\""] = 2 }, groups);
            Assert.Equal("json/plain", counts.Groups[0].GroupValues[0].Metadata["encoding"].ToStringUtf8());
            var list = await Assert.ThrowsAsync<RpcException>(() => Workflows.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = "default", Query = "GROUP BY ExecutionStatus" }));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, list.Code);

            // The UI's saved view "parent workflows": children are left out.
            var parents = await Workflows.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = "default", Query = $"`ParentWorkflowId` is null AND TaskQueue = '{queue}'" });
            Assert.Equal(new[] { parent.Id, running.Id }.Order(StringComparer.Ordinal), parents.Executions.Select(e => e.Execution.WorkflowId).Order(StringComparer.Ordinal));
            var children = await Workflows.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = "default", Query = $"ParentWorkflowId = '{parent.Id}'" });
            Assert.Equal(parent.Id + "-child", children.Executions.Single().Execution.WorkflowId);

            // The UI's workflow-task-failure badge query: backquoted names and a system KeywordList attribute.
            var failures = await Workflows.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest
            {
                Namespace = "default",
                Query = "`ExecutionStatus`=\"Running\" AND `TemporalReportedProblems` IN (\"category=WorkflowTaskFailed\", \"category=WorkflowTaskTimedOut\")",
            });
            Assert.Equal(0, failures.Count);
            Assert.True((await Workflows.GetSystemInfoAsync(new GetSystemInfoRequest())).Capabilities.CountGroupByExecutionStatus);
            Assert.Empty((await Workflows.ListBatchOperationsAsync(new ListBatchOperationsRequest { Namespace = "default" })).OperationInfo);
            await running.TerminateAsync("cleanup");
        });
    }

    [Fact]
    public async Task Reverse_history_pages_from_the_newest_event_down()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((ThreeStepWorkflow wf) => wf.RunAsync("r"), new(TemporalServerFixture.NewWorkflowId(), queue));
            await handle.SignalAsync(wf => wf.ApproveAsync());
            await handle.GetResultAsync();
            var forward = (await handle.FetchHistoryAsync()).Events.Select(e => e.EventId).ToList();

            var backward = new List<long>();
            var token = ByteString.Empty;
            var pages = 0;
            do
            {
                var page = await Workflows.GetWorkflowExecutionHistoryReverseAsync(new GetWorkflowExecutionHistoryReverseRequest
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = handle.Id },
                    MaximumPageSize = 5,
                    NextPageToken = token,
                });
                Assert.InRange(page.History.Events.Count, 1, 5);
                backward.AddRange(page.History.Events.Select(e => e.EventId));
                token = page.NextPageToken;
                pages++;
            }
            while (!token.IsEmpty);

            Assert.Equal(Enumerable.Reverse(forward), backward);
            Assert.Equal((forward.Count + 4) / 5, pages);
            Assert.Equal(EventType.WorkflowExecutionCompleted, (await Workflows.GetWorkflowExecutionHistoryReverseAsync(new GetWorkflowExecutionHistoryReverseRequest
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                MaximumPageSize = 1,
            })).History.Events.Single().EventType);
        });
    }

    [Fact]
    public async Task Task_queue_description_shows_the_polling_worker_and_its_partitions()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var identity = $"ui-test-worker-{Guid.NewGuid():N}";
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((ThreeStepWorkflow wf) => wf.RunAsync("q"), new(TemporalServerFixture.NewWorkflowId(), queue));
            await handle.SignalAsync(wf => wf.ApproveAsync());
            await handle.GetResultAsync();

            // What the UI's pollers view sends: the queue and taskQueueType 1 (workflow), then 2 (activity).
            foreach (var type in new[] { TaskQueueType.Workflow, TaskQueueType.Activity })
            {
                var described = await Workflows.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
                {
                    Namespace = "default",
                    TaskQueue = new() { Name = queue, Kind = TaskQueueKind.Normal },
                    TaskQueueType = type,
                    ReportStats = true,
                });
                var poller = Assert.Single(described.Pollers);
                Assert.Equal(identity, poller.Identity);
                Assert.True(poller.LastAccessTime.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
                Assert.Equal(0, described.Stats.ApproximateBacklogCount);
            }

            var partitions = await Workflows.ListTaskQueuePartitionsAsync(new ListTaskQueuePartitionsRequest { Namespace = "default", TaskQueue = new() { Name = queue } });
            Assert.Equal(queue, partitions.WorkflowTaskQueuePartitions.Single().Key);
            Assert.Equal(queue, partitions.ActivityTaskQueuePartitions.Single().Key);
        }, options => options.Identity = identity);

        var unused = await Workflows.DescribeTaskQueueAsync(new DescribeTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = TemporalServerFixture.NewTaskQueue() } });
        Assert.Empty(unused.Pollers);
    }
}
