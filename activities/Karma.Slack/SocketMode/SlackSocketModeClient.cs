using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Slack.Api;
using Karma.Slack.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.SocketMode;

/// <summary>
/// Slack Socket Mode: apps.connections.open (app-level token) gives a one-use WebSocket URL; Slack sends
/// <c>hello</c>, then envelopes, each acknowledged with <c>{"envelope_id": …}</c>. On <c>disconnect</c> a new
/// URL is fetched and the client reconnects at once; a dropped socket reconnects with exponential backoff.
/// </summary>
public sealed class SlackSocketModeClient
{
    private readonly SlackClient api;
    private readonly ISocketModeEnvelopeHandler handler;
    private readonly SocketModeOptions options;
    private readonly ILogger logger;
    private int connections;

    public SlackSocketModeClient(SlackClient api, ISocketModeEnvelopeHandler handler, SocketModeOptions? options = null, ILogger<SlackSocketModeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(handler);
        this.api = api;
        this.handler = handler;
        this.options = options ?? SocketModeOptions.Default;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many WebSocket connections have been opened so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref connections);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                var url = await api.OpenSocketModeConnectionAsync(cancellationToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, cancellationToken);
                var number = Interlocked.Increment(ref connections);
                var end = await ReceiveAsync(socket, number, () => failures = 0, cancellationToken);
                if (end == ConnectionEnd.DisconnectRequested)
                {
                    await CloseQuietlyAsync(socket);
                    continue;
                }

                reason = "closed by the server";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (WebSocketException ex)
            {
                reason = ex.Message;
            }
            catch (SlackApiException ex)
            {
                reason = ex.Message;
            }
            catch (JsonException ex)
            {
                reason = "unreadable message: " + ex.Message;
            }

            failures++;
            var delay = options.ReconnectDelayAfter(failures);
            SlackLog.SocketDropped(logger, reason, delay);
            try
            {
                await options.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<ConnectionEnd> ReceiveAsync(ClientWebSocket socket, int number, Action connected, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                buffer.Advance(result.Count);
                if (buffer.WrittenCount > options.MaxMessageBytes)
                {
                    throw new WebSocketException($"a message exceeded {options.MaxMessageBytes} bytes");
                }
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ConnectionEnd.Closed;
            }

            if (JsonNode.Parse(buffer.WrittenSpan) is not JsonObject message)
            {
                SlackLog.SocketBadMessage(logger, "not a JSON object");
                continue;
            }

            var type = Text(message, "type");
            if (type == "hello")
            {
                connected();
                SlackLog.SocketConnected(logger, number);
                continue;
            }

            if (type == "disconnect")
            {
                SlackLog.SocketDisconnectRequested(logger, Text(message, "reason") ?? "no reason");
                return ConnectionEnd.DisconnectRequested;
            }

            var envelopeId = Text(message, "envelope_id");
            if (envelopeId is null)
            {
                SlackLog.SocketBadMessage(logger, $"type '{type}' without envelope_id");
                continue;
            }

            var envelope = new SocketModeEnvelope(
                envelopeId,
                type ?? string.Empty,
                message["payload"],
                message["accepts_response_payload"]?.GetValueKind() == JsonValueKind.True);
            var payload = await handler.HandleAsync(envelope, cancellationToken);
            var ack = new JsonObject { ["envelope_id"] = envelopeId };
            if (payload is not null)
            {
                ack["payload"] = payload.DeepClone();
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        // Slack is about to drop this socket anyway; a close that does not finish quickly is abandoned.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
        }
        catch (WebSocketException)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private enum ConnectionEnd
    {
        Closed,
        DisconnectRequested,
    }
}
