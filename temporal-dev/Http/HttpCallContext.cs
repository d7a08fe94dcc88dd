using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Karma.TemporalDev.Http;

/// <summary>
/// The call context an HTTP request hands to the same RPC handlers the gRPC endpoint uses: no deadline (long polls
/// take their usual budget), cancelled when the browser goes away.
/// </summary>
internal sealed class HttpCallContext(HttpContext http, string method) : ServerCallContext
{
    protected override string MethodCore => method;

    protected override string HostCore => http.Request.Host.Value ?? string.Empty;

    protected override string PeerCore => $"http:{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => http.RequestAborted;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("HTTP calls do not propagate gRPC contexts.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
