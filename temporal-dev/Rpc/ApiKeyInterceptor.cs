using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Karma.TemporalDev.Rpc;

/// <summary>Refuses every call that does not carry <c>authorization: Bearer &lt;the configured key&gt;</c>, as Temporal Cloud does.</summary>
internal sealed class ApiKeyInterceptor(byte[] expected) : Interceptor
{
    private const string Scheme = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "API key required: send authorization: Bearer <key>"));
        }

        // Constant-time comparison: the time taken must not tell a caller how much of a guessed key was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..]), expected))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "API key refused"));
        }

        return continuation(request, context);
    }
}
