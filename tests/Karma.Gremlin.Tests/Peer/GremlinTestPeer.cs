using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Karma.Gremlin.Auth;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Traversal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Karma.Gremlin.Tests.Peer;

/// <summary>
/// A small Gremlin Server on 127.0.0.1 (Kestrel WebSockets) implementing the documented driver protocol: binary
/// request frames with the GraphSON 3 mime prefix, request ids, 206 partial batches, 407 SASL PLAIN challenges,
/// error statuses, and optionally Neptune's SigV4-signed upgrade. It checks every request it receives and records
/// protocol violations; bytecode runs on a <see cref="MemoryGraph"/> unless a scripted <see cref="PeerAction"/> is queued.
/// </summary>
internal sealed class GremlinTestPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _openConnections;

    private GremlinTestPeer(WebApplication app)
    {
        _app = app;
    }

    public Uri Endpoint { get; private set; } = null!;

    public MemoryGraph Graph { get; } = new();

    public int ResultBatchSize { get; set; } = 64;

    public (string User, string Password)? RequireSasl { get; set; }

    public (AwsSigningCredentials Credentials, string Region)? RequireSigV4 { get; set; }

    public Func<string, IReadOnlyList<object?>>? EvalHandler { get; set; }

    public ConcurrentQueue<PeerAction> Script { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<GremlinRequest> Requests { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> Upgrades { get; } = new();

    /// <summary>How many upcoming requests run on the graph before the <see cref="Script"/> is consulted.</summary>
    public int PassThrough;

    public int ConnectionsAccepted;

    public int MaxConcurrentConnections;

    public int PartialMessagesSent;

    public IEnumerable<GremlinRequest> BytecodeRequests => Requests.Where(request => request.Op == GremlinRequest.BytecodeOp);

    public static async Task<GremlinTestPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new GremlinTestPeer(app);
        app.UseWebSockets();
        app.Map("/gremlin", peer.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.Endpoint = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/gremlin");
        return peer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Upgrades.Enqueue(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (RequireSigV4 is { } sigv4 && !SignatureIsValid(context.Request, sigv4.Credentials, sigv4.Region))
        {
            context.Response.StatusCode = 403;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref ConnectionsAccepted);
        var open = Interlocked.Increment(ref _openConnections);
        InterlockedMax(ref MaxConcurrentConnections, open);
        try
        {
            await ServeAsync(context, socket);
        }
        finally
        {
            Interlocked.Decrement(ref _openConnections);
        }
    }

    private async Task ServeAsync(HttpContext context, WebSocket socket)
    {
        var seen = new HashSet<Guid>();
        var challenged = new Dictionary<Guid, GremlinRequest>();
        var authenticated = false;
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            message.Write(buffer.AsSpan(0, received.Count));
            if (!received.EndOfMessage)
            {
                continue;
            }

            if (received.MessageType != WebSocketMessageType.Binary)
            {
                Violations.Enqueue("request sent as a text frame; the protocol requires binary frames with the mime prefix");
            }

            GremlinRequest request;
            try
            {
                request = GremlinMessageCodec.DecodeRequest(message.WrittenSpan);
            }
            catch (GraphSonException ex)
            {
                Violations.Enqueue($"undecodable request: {ex.Message}");
                await SendAsync(socket, new GremlinResponse(null, GremlinStatusCodes.RequestErrorMalformedRequest, ex.Message, new Dictionary<object, object?>(), null));
                message.Clear();
                continue;
            }

            message.Clear();
            Requests.Enqueue(request);
            if (request.Op == GremlinRequest.AuthenticationOp)
            {
                if (!challenged.Remove(request.RequestId, out var original))
                {
                    Violations.Enqueue($"authentication for {request.RequestId}, which was never challenged");
                    continue;
                }

                if (!SaslIsValid(request))
                {
                    await SendAsync(socket, Status(request.RequestId, GremlinStatusCodes.Unauthorized, "Username and/or password are incorrect"));
                    continue;
                }

                authenticated = true;
                if (!await ProcessAsync(context, socket, original))
                {
                    return;
                }

                continue;
            }

            if (!seen.Add(request.RequestId))
            {
                Violations.Enqueue($"request id {request.RequestId} reused on one connection");
            }

            CheckRequest(request);
            if (RequireSasl is not null && !authenticated)
            {
                challenged[request.RequestId] = request;
                await SendAsync(socket, Status(request.RequestId, GremlinStatusCodes.Authenticate, string.Empty));
                continue;
            }

            if (!await ProcessAsync(context, socket, request))
            {
                return;
            }
        }
    }

    private void CheckRequest(GremlinRequest request)
    {
        switch (request.Op)
        {
            case GremlinRequest.BytecodeOp:
                if (request.Processor != GremlinRequest.TraversalProcessor)
                {
                    Violations.Enqueue($"bytecode request with processor '{request.Processor}'");
                }

                if (request.Args.GetValueOrDefault("gremlin") is not Bytecode)
                {
                    Violations.Enqueue("bytecode request without g:Bytecode in args.gremlin");
                }

                break;
            case GremlinRequest.EvalOp:
                if (request.Args.GetValueOrDefault("gremlin") is not string)
                {
                    Violations.Enqueue("eval request without a script in args.gremlin");
                }

                if (request.Args.ContainsKey("bindings"))
                {
                    Violations.Enqueue("eval request with bindings (Neptune does not support them)");
                }

                break;
            default:
                Violations.Enqueue($"unknown op '{request.Op}'");
                return;
        }

        if (request.Args.GetValueOrDefault("aliases") is not Dictionary<object, object?> aliases || !Equals(aliases.GetValueOrDefault("g"), "g"))
        {
            Violations.Enqueue("request without aliases {g: g}");
        }
    }

    /// <returns>False when the connection was dropped on purpose.</returns>
    private async Task<bool> ProcessAsync(HttpContext context, WebSocket socket, GremlinRequest request)
    {
        if (Interlocked.Decrement(ref PassThrough) < 0 && Script.TryDequeue(out var action))
        {
            switch (action)
            {
                case DropAction:
                    context.Abort();
                    return false;
                case NoReplyAction:
                    return true;
                case StatusAction status:
                    await SendAsync(socket, new GremlinResponse(request.RequestId, status.Code, status.Message, status.Attributes, null));
                    return true;
            }
        }

        List<object?> results;
        try
        {
            results = request.Op switch
            {
                GremlinRequest.BytecodeOp => Graph.Execute((Bytecode)request.Args["gremlin"]!).Select(value => (object?)new Traverser(1, value)).ToList(),
                _ => EvalHandler?.Invoke((string)request.Args["gremlin"]!).ToList()
                    ?? throw new PeerEvaluationException("this peer evaluates no scripts"),
            };
        }
        catch (PeerEvaluationException ex)
        {
            await SendAsync(socket, Status(request.RequestId, GremlinStatusCodes.ServerErrorEvaluation, ex.Message));
            return true;
        }
        catch (Exception ex) when (ex is InvalidCastException or KeyNotFoundException or ArgumentException or NullReferenceException or InvalidOperationException)
        {
            Violations.Enqueue($"peer failed on {request}: {ex}");
            await SendAsync(socket, Status(request.RequestId, GremlinStatusCodes.ServerError, ex.Message));
            return true;
        }

        if (results.Count == 0)
        {
            await SendAsync(socket, Status(request.RequestId, GremlinStatusCodes.NoContent, string.Empty));
            return true;
        }

        var batches = results.Chunk(ResultBatchSize).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            var last = i == batches.Count - 1;
            if (!last)
            {
                Interlocked.Increment(ref PartialMessagesSent);
            }

            await SendAsync(socket, new GremlinResponse(
                request.RequestId,
                last ? GremlinStatusCodes.Success : GremlinStatusCodes.PartialContent,
                string.Empty,
                new Dictionary<object, object?>(),
                batches[i].ToList()));
        }

        return true;
    }

    private static GremlinResponse Status(Guid id, int code, string message) => new(id, code, message, new Dictionary<object, object?>(), null);

    // Large responses go out in several frames, as real servers fragment them; the client must reassemble.
    private static async Task SendAsync(WebSocket socket, GremlinResponse response)
    {
        var bytes = GremlinMessageCodec.EncodeResponse(response);
        const int frame = 8 * 1024;
        for (var offset = 0; offset < bytes.Length; offset += frame)
        {
            var count = Math.Min(frame, bytes.Length - offset);
            await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
        }
    }

    private bool SaslIsValid(GremlinRequest request)
    {
        if (request.Args.GetValueOrDefault("saslMechanism") as string != "PLAIN" || request.Args.GetValueOrDefault("sasl") is not string sasl)
        {
            Violations.Enqueue("authentication without PLAIN mechanism and sasl payload");
            return false;
        }

        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(sasl)).Split('\0');
        return parts.Length == 3 && parts[1] == RequireSasl!.Value.User && parts[2] == RequireSasl.Value.Password;
    }

    private static bool SignatureIsValid(HttpRequest request, AwsSigningCredentials credentials, string region)
    {
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (amzDate.Length == 0 || authorization.Length == 0 ||
            !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return false;
        }

        var host = request.Host.ToString();
        var expected = SigV4Signer.Sign(
            new SigV4Request("GET", new Uri($"https://{host}{request.Path}"), [new("Host", host)], ReadOnlyMemory<byte>.Empty),
            credentials,
            region,
            NeptuneIamHandshake.ServiceName,
            signedAt);
        var tokenMatches = credentials.SessionToken is null || request.Headers["X-Amz-Security-Token"].ToString() == credentials.SessionToken;
        return tokenMatches && string.Equals(expected.Authorization, authorization, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
