using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>Server and namespace information: GetSystemInfo, GetClusterInfo, Describe/List/RegisterNamespace.</summary>
internal sealed class SystemApi(EngineCore core)
{
    public const string ServerVersion = "1.27.0-karma-dev";

    public void Register(HandlerMap map)
    {
        map.Add<GetSystemInfoRequest, GetSystemInfoResponse>(_ => new GetSystemInfoResponse
        {
            ServerVersion = ServerVersion,
            Capabilities = new()
            {
                SignalAndQueryHeader = true,
                InternalErrorDifferentiation = true,
                ActivityFailureIncludeHeartbeat = true,
                SupportsSchedules = true,
                EncodedFailureAttributes = true,
                UpsertMemo = true,
                SdkMetadata = true,
                EagerWorkflowStart = false,
                CountGroupByExecutionStatus = true,
            },
        });
        map.Add<GetClusterInfoRequest, GetClusterInfoResponse>(_ => new GetClusterInfoResponse
        {
            ClusterName = "karma-temporal-dev",
            ClusterId = "karma-temporal-dev",
            ServerVersion = ServerVersion,
            HistoryShardCount = 1,
            PersistenceStore = "sqlite",
            VisibilityStore = "sqlite",
        });
        map.Add<DescribeNamespaceRequest, DescribeNamespaceResponse>(r =>
        {
            var ns = string.IsNullOrEmpty(r.Namespace) && !string.IsNullOrEmpty(r.Id)
                ? core.Namespaces.All.FirstOrDefault(n => n.Id == r.Id) ?? throw RpcErrors.NotFound($"Namespace with id {r.Id} is not found.")
                : core.Namespaces.Require(r.Namespace);
            return Describe(ns);
        });
        map.Add<ListNamespacesRequest, ListNamespacesResponse>(_ => new ListNamespacesResponse
        {
            Namespaces = { core.Namespaces.All.Select(Describe) },
        });
        map.Add<RegisterNamespaceRequest, RegisterNamespaceResponse>(r =>
        {
            WorkflowApi.RequireText(r.Namespace, "namespace");
            if (core.Namespaces.All.Any(n => n.Name == r.Namespace))
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.AlreadyExists, $"Namespace {r.Namespace} already exists."));
            }

            core.Namespaces.Ensure(r.Namespace);
            return new RegisterNamespaceResponse();
        });
    }

    private static DescribeNamespaceResponse Describe(NamespaceRecord ns) => new()
    {
        NamespaceInfo = new NamespaceInfo
        {
            Name = ns.Name,
            Id = ns.Id,
            State = NamespaceState.Registered,
            Description = "karma-temporal-dev namespace",
            Capabilities = new() { EagerWorkflowStart = false, SyncUpdate = true, AsyncUpdate = true },
        },
        Config = new NamespaceConfig
        {
            WorkflowExecutionRetentionTtl = Clock.Seconds(ns.RetentionSeconds),
            HistoryArchivalState = ArchivalState.Disabled,
            VisibilityArchivalState = ArchivalState.Disabled,
        },
        IsGlobalNamespace = false,
    };
}
