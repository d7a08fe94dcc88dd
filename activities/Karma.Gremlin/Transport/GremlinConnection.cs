using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Protocol;
using Microsoft.Extensions.Logging;

namespace Karma.Gremlin.Transport;

/// <summary>
/// One WebSocket to a Gremlin server. Requests are multiplexed by request id; a background loop reads responses,
/// accumulates 206 partials and completes each request on its terminal status. A dropped socket fails every
/// request in flight with a retryable <see cref="GremlinConnectionException"/>.
/// </summary>
internal sealed partial class GremlinConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly GremlinClientOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _broken;

    private GremlinConnection(ClientWebSocket socket, GremlinClientOptions options, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
    }

    public bool IsOpen => !_broken && _socket.State == WebSocketState.Open;

    public static async Task<GremlinConnection> OpenAsync(
        GremlinClientOptions options, IGremlinHandshake? handshake, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
            socket.Options.CollectHttpResponseDetails = true;
            if (handshake is not null)
            {
                foreach (var (name, value) in await handshake.GetUpgradeHeadersAsync(options.Endpoint, cancellationToken).ConfigureAwait(false))
                {
                    socket.Options.SetRequestHeader(name, value);
                }
            }

            await socket.ConnectAsync(options.Endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            // A 4xx on the upgrade (bad signature, wrong path) will not fix itself; 429 and 5xx might.
            var rejected = (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests;
            throw new GremlinConnectionException(
                $"Could not open a WebSocket to {options.Endpoint}" + (status == 0 ? string.Empty : $" (HTTP {(int)status})") + $": {ex.Message}", ex)
            {
                HandshakeRejected = rejected,
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new GremlinConnection(socket, options, logger);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    public async Task<IReadOnlyList<object?>> SubmitAsync(GremlinRequest request, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            throw new GremlinConnectionException("The Gremlin connection is closed.");
        }

        var pending = new PendingRequest();
        _pending[request.RequestId] = pending;
        try
        {
            await SendAsync(GremlinMessageCodec.EncodeRequest(request), cancellationToken).ConfigureAwait(false);
            return await pending.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // The server may still stream this request's results; the socket cannot be trusted for the next one.
            _broken = true;
            throw new GremlinException($"Gremlin request {request.RequestId} got no terminal status within {_options.RequestTimeout}.", ex);
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            _broken = true;
            throw new GremlinConnectionException($"Sending to {_options.Endpoint} failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(chunk, _stop.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    failure = new GremlinConnectionException(
                        $"The server closed the connection ({received.CloseStatus} {received.CloseStatusDescription}).");
                    break;
                }

                message.Write(chunk.AsSpan(0, received.Count));
                if (received.EndOfMessage)
                {
                    Dispatch(message.WrittenSpan);
                    message.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            failure = new GremlinConnectionException("The Gremlin connection was closed by the client.");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            failure = new GremlinConnectionException($"The connection to {_options.Endpoint} dropped: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            _broken = true;
            failure ??= new GremlinConnectionException("The Gremlin connection ended.");
            foreach (var pending in _pending.Values)
            {
                pending.Fail(failure);
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        GremlinResponse response;
        try
        {
            response = GremlinMessageCodec.DecodeResponse(json);
        }
        catch (GraphSonException ex)
        {
            // Without a readable request id the broken message cannot be routed; fail everything in flight.
            LogUnreadableResponse(_logger, ex);
            var error = new GremlinException($"Unreadable response from {_options.Endpoint}: {ex.Message}", ex);
            foreach (var pending in _pending.Values)
            {
                pending.Fail(error);
            }

            return;
        }

        if (response.RequestId is not { } id || !_pending.TryGetValue(id, out var request))
        {
            LogUnmatchedResponse(_logger, response.RequestId, response.StatusCode);
            return;
        }

        switch (response.StatusCode)
        {
            case GremlinStatusCodes.PartialContent:
                request.AddBatch(response.Data, partial: true);
                break;
            case GremlinStatusCodes.Success or GremlinStatusCodes.NoContent:
                request.AddBatch(response.Data, partial: false);
                request.Complete();
                break;
            case GremlinStatusCodes.Authenticate:
                AnswerChallenge(id, request);
                break;
            default:
                request.Fail(new GremlinServerException(id, response.StatusCode, GremlinMessageCodec.ServerErrorCode(response), response.StatusMessage));
                break;
        }
    }

    private void AnswerChallenge(Guid id, PendingRequest request)
    {
        if (_options.Username is null || _options.Password is null)
        {
            request.Fail(new GremlinAuthenticationException(
                $"{_options.Endpoint} requires SASL authentication (status 407), but no Gremlin username/password is configured."));
            return;
        }

        if (request.SaslAnswered)
        {
            request.Fail(new GremlinAuthenticationException($"{_options.Endpoint} challenged again after the SASL answer: credentials refused."));
            return;
        }

        request.SaslAnswered = true;
        var sasl = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{_options.Username}\0{_options.Password}"));
        var frame = GremlinMessageCodec.EncodeRequest(GremlinRequest.ForSaslResponse(id, sasl));
        _ = SendChallengeAnswerAsync(frame, request);
    }

    private async Task SendChallengeAnswerAsync(byte[] frame, PendingRequest request)
    {
        try
        {
            await SendAsync(frame, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GremlinException or OperationCanceledException)
        {
            request.Fail(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // Closing politely is best effort; the socket is disposed below either way.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable Gremlin response")]
    private static partial void LogUnreadableResponse(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gremlin response for unknown request {RequestId} (status {Status}) ignored")]
    private static partial void LogUnmatchedResponse(ILogger logger, Guid? requestId, int status);
}
