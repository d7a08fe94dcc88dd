using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Slack.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Karma.Slack.Tests.SocketMode;

/// <summary>
/// The local Slack API plus a WebSocket endpoint <c>/socket/{n}</c> (the URL apps.connections.open hands
/// out) that speaks Socket Mode: each connection runs the test's <c>script</c> with its number.
/// </summary>
public sealed class SocketModeServer : IAsyncDisposable
{
    private readonly Func<int, WebSocket, Task> script;

    private SocketModeServer(Func<int, WebSocket, Task> script) => this.script = script;

    public LocalSlackApi Slack { get; private set; } = null!;

    public static async Task<SocketModeServer> StartAsync(Func<int, WebSocket, Task> script)
    {
        var server = new SocketModeServer(script);
        server.Slack = await LocalSlackApi.StartAsync(app => app.Map("/socket/{n:int}", server.AcceptAsync));
        return server;
    }

    public static Task SendAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends the message in two frames, as a server may, to prove the client reassembles them.</summary>
    public static async Task SendFragmentedAsync(WebSocket socket, JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        var half = bytes.Length / 2;
        await socket.SendAsync(bytes.AsMemory(0, half), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.SendAsync(bytes.AsMemory(half), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    public static async Task<JsonObject> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (JsonObject)JsonNode.Parse(message.ToArray())!;
    }

    public static JsonObject Hello() => new()
    {
        ["type"] = "hello",
        ["num_connections"] = 1,
        ["debug_info"] = new JsonObject { ["host"] = "applink-local", ["approximate_connection_time"] = 18060 },
        ["connection_info"] = new JsonObject { ["app_id"] = "A0KARMA" },
    };

    public static JsonObject Disconnect(string reason = "refresh_requested") => new()
    {
        ["type"] = "disconnect",
        ["reason"] = reason,
        ["debug_info"] = new JsonObject { ["host"] = "applink-local" },
    };

    public static JsonObject Envelope(string id, string type, JsonObject payload, bool acceptsResponsePayload = false) => new()
    {
        ["envelope_id"] = id,
        ["type"] = type,
        ["payload"] = payload,
        ["accepts_response_payload"] = acceptsResponsePayload,
    };

    public ValueTask DisposeAsync() => Slack.DisposeAsync();

    private async Task AcceptAsync(HttpContext context, int n)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await script(n, socket);
    }
}
