using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;

namespace Karma.TemporalDev.Rpc;

/// <summary>
/// gRPC errors the way Temporal clients expect them: the status code, and where the SDK looks for one, a
/// typed detail in <c>grpc-status-details-bin</c> (a google.rpc.Status, which <see cref="GrpcStatus"/> mirrors).
/// </summary>
internal static class RpcErrors
{
    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException FailedPrecondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException Unimplemented(string message) => new(new Status(StatusCode.Unimplemented, message));

    public static RpcException WorkflowNotFound(string ns, string workflowId, string? runId) =>
        NotFound($"Workflow execution not found: namespace '{ns}', workflow id '{workflowId}'{(string.IsNullOrEmpty(runId) ? string.Empty : $", run id '{runId}'")}.");

    public static RpcException WorkflowAlreadyCompleted() => NotFound("workflow execution already completed");

    public static RpcException AlreadyStarted(string workflowId, string runId, string? startRequestId) => WithDetail(
        StatusCode.AlreadyExists,
        $"Workflow execution is already running. WorkflowId: {workflowId}, RunId: {runId}.",
        new WorkflowExecutionAlreadyStartedFailure { RunId = runId, StartRequestId = startRequestId ?? string.Empty });

    public static RpcException QueryFailed(string message, Temporalio.Api.Failure.V1.Failure? failure) => WithDetail(
        StatusCode.InvalidArgument, message, new QueryFailedFailure { Failure = failure });

    private static RpcException WithDetail(StatusCode code, string message, IMessage detail)
    {
        var status = new GrpcStatus { Code = (int)code, Message = message, Details = { Any.Pack(detail) } };
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Status(code, message), trailers);
    }
}
