using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Rpc;

/// <summary>
/// The single gRPC entry point: finds the handler for the request type and turns anything unexpected into a
/// clean status (never a crash): RpcExceptions pass through, bad input becomes InvalidArgument, the rest Internal.
/// </summary>
internal sealed partial class WorkflowServiceEndpoint(HandlerMap handlers, ILogger<WorkflowServiceEndpoint> logger)
{
    public async Task<TResponse> HandleAsync<TRequest, TResponse>(string name, TRequest request, ServerCallContext call)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        (TResponse)await HandleAsync(name, request, call);

    /// <summary>The same, for callers that hold the request only as a message (the HTTP API).</summary>
    public async Task<IMessage> HandleAsync(string name, IMessage request, ServerCallContext call)
    {
        var handler = handlers.Find(request.GetType())
            ?? throw RpcErrors.Unimplemented($"karma-temporal-dev does not implement {name}.");
        try
        {
            return await handler(request, call);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidProtocolBufferException)
        {
            throw RpcErrors.InvalidArgument($"{name}: {e.Message}");
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, $"{name} was cancelled by the caller."));
        }
#pragma warning disable CA1031 // The last line of defence: a bug in one handler must become an error status, not a dead server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogInternalError(logger, name, e);
            throw new RpcException(new Status(StatusCode.Internal, $"{name} failed inside karma-temporal-dev: {e.GetType().Name}: {e.Message}"));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Rpc}")]
    private static partial void LogInternalError(ILogger logger, string rpc, Exception exception);
}
