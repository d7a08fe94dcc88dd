using Grpc.Core;
using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using RpcException = Temporalio.Exceptions.RpcException;

namespace Karma.TemporalDev.Tests;

/// <summary>Error codes, idempotency and namespace/system RPCs, called the way the SDK's raw service client calls them.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ApiContractTests(TemporalServerFixture fixture)
{
    private WorkflowService Service => fixture.Client.WorkflowService;

    [Fact]
    public async Task Unknown_namespace_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "no-such-namespace" }));
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
        var start = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(StartRequest("no-such-namespace", "id", Guid.NewGuid().ToString())));
        Assert.Equal(RpcException.StatusCode.NotFound, start.Code);
    }

    [Fact]
    public async Task Malformed_requests_are_invalid_arguments()
    {
        var noType = StartRequest("default", TemporalServerFixture.NewWorkflowId(), Guid.NewGuid().ToString());
        noType.WorkflowType = null;
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(noType));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);

        var badToken = await Assert.ThrowsAsync<RpcException>(() => Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = Google.Protobuf.ByteString.CopyFromUtf8("garbage"),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, badToken.Code);

        var badQuery = await Assert.ThrowsAsync<RpcException>(() => Service.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest
        {
            Namespace = "default",
            Query = "WorkflowId = ",
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, badQuery.Code);
        Assert.Contains("Expected a value", badQuery.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_input_and_overlong_ids_are_invalid_arguments_and_the_server_keeps_serving()
    {
        var big = StartRequest("default", TemporalServerFixture.NewWorkflowId(), Guid.NewGuid().ToString());
        big.Input = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { new Temporalio.Api.Common.V1.Payload { Data = Google.Protobuf.ByteString.CopyFrom(new byte[3 * 1024 * 1024]) } } };
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(big));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
        Assert.Contains("workflow input", e.Message, StringComparison.Ordinal);

        var longId = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(StartRequest("default", new string('x', 1001), Guid.NewGuid().ToString())));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, longId.Code);

        var id = TemporalServerFixture.NewWorkflowId();
        await Service.StartWorkflowExecutionAsync(StartRequest("default", id, Guid.NewGuid().ToString()));
        var signal = await Assert.ThrowsAsync<RpcException>(() => Service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = id },
            SignalName = "IncrementAsync",
            Input = big.Input,
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, signal.Code);
        Assert.DoesNotContain((await fixture.Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events, ev => ev.EventType == EventType.WorkflowExecutionSignaled);
        await fixture.Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Unknown_workflow_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.GetWorkflowHandle("does-not-exist").DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
    }

    [Fact]
    public async Task Retried_start_with_the_same_request_id_returns_the_same_run()
    {
        var id = TemporalServerFixture.NewWorkflowId();
        var requestId = Guid.NewGuid().ToString();
        var first = await Service.StartWorkflowExecutionAsync(StartRequest("default", id, requestId));
        var retried = await Service.StartWorkflowExecutionAsync(StartRequest("default", id, requestId));
        Assert.Equal(first.RunId, retried.RunId);
        var different = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(StartRequest("default", id, Guid.NewGuid().ToString())));
        Assert.Equal(RpcException.StatusCode.AlreadyExists, different.Code);
        await fixture.Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Retried_signal_with_the_same_request_id_is_delivered_once()
    {
        var id = TemporalServerFixture.NewWorkflowId();
        await Service.StartWorkflowExecutionAsync(StartRequest("default", id, Guid.NewGuid().ToString()));
        var signal = new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = id },
            SignalName = "IncrementAsync",
            RequestId = Guid.NewGuid().ToString(),
        };
        await Service.SignalWorkflowExecutionAsync(signal);
        await Service.SignalWorkflowExecutionAsync(signal);
        var events = (await fixture.Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events;
        Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        await fixture.Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Namespaces_and_system_information_are_served()
    {
        var info = await Service.GetSystemInfoAsync(new GetSystemInfoRequest());
        Assert.True(info.Capabilities.SdkMetadata);
        var cluster = await Service.GetClusterInfoAsync(new GetClusterInfoRequest());
        Assert.Equal("sqlite", cluster.PersistenceStore);
        var namespaces = await Service.ListNamespacesAsync(new ListNamespacesRequest());
        Assert.Equal(["default", "second"], namespaces.Namespaces.Select(n => n.NamespaceInfo.Name).Order(StringComparer.Ordinal));
        var second = await Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "second" });
        Assert.Equal(NamespaceState.Registered, second.NamespaceInfo.State);
    }

    [Fact]
    public async Task Workflows_are_isolated_per_namespace()
    {
        var other = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Server.Address) { Namespace = "second" });
        var id = TemporalServerFixture.NewWorkflowId();
        var handle = await other.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(id, TemporalServerFixture.NewTaskQueue()));
        var e = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.GetWorkflowHandle(id).DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
        await handle.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Unimplemented_rpcs_answer_unimplemented_instead_of_failing_the_connection()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest { Namespace = "default" }));
        Assert.Equal(RpcException.StatusCode.Unimplemented, e.Code);
        Assert.NotNull(await Service.GetSystemInfoAsync(new GetSystemInfoRequest()));
    }

    [Fact]
    public void Every_rpc_of_the_workflow_and_operator_services_is_registered()
    {
        // The server reads the RPCs from the SDK's raw clients (cheap at start-up); they must be exactly the services' methods.
        var registered = Rpc.WorkflowServiceMethodProvider.Methods().Select(m => $"{m.Service}/{m.Method}:{m.Request.Name}->{m.Response.Name}").Order(StringComparer.Ordinal);
        var described = ServiceReflection.Descriptor.Services.Concat(Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services)
            .SelectMany(s => s.Methods)
            .Select(m => $"{m.Service.FullName}/{m.Name}:{m.InputType.ClrType.Name}->{m.OutputType.ClrType.Name}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(described, registered);
    }

    private static StartWorkflowExecutionRequest StartRequest(string ns, string id, string requestId) => new()
    {
        Namespace = ns,
        WorkflowId = id,
        WorkflowType = new() { Name = "SignalCounterWorkflow" },
        TaskQueue = new() { Name = TemporalServerFixture.NewTaskQueue() },
        RequestId = requestId,
        Identity = "test",
    };
}
