using Karma.Gremlin.Protocol;
using Karma.Gremlin.Query;
using Karma.Gremlin.Transport;
using Karma.Gremlin.Traversal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Gremlin;

/// <summary>
/// A small Gremlin Server / Neptune client: WebSocket transport with GraphSON 3, a bounded connection pool,
/// retries with exponential backoff and jitter for transient failures (connection drops, Neptune's
/// ConcurrentModificationException and throttling, status 596), and none for request errors.
/// </summary>
public sealed partial class GremlinClient : IAsyncDisposable
{
    private readonly GremlinClientOptions _options;
    private readonly GremlinConnectionPool _pool;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _requests;
    private long _retries;

    public GremlinClient(GremlinClientOptions options, IGremlinHandshake? handshake = null, ILogger<GremlinClient>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _pool = new GremlinConnectionPool(options, handshake, _logger);
    }

    public Uri Endpoint => _options.Endpoint;

    public GremlinClientStats Stats => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _retries), _pool.ConnectionsOpened);

    /// <summary>Runs a traversal sent as bytecode and returns its results (traversers unwrapped).</summary>
    public Task<IReadOnlyList<object?>> SubmitAsync(Bytecode bytecode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        return SendAsync(id => GremlinRequest.ForBytecode(id, bytecode), cancellationToken);
    }

    public Task<IReadOnlyList<object?>> SubmitAsync(GraphTraversal traversal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traversal);
        return SubmitAsync(traversal.Bytecode, cancellationToken);
    }

    /// <summary>Runs a Gremlin script as-is. Prefer <see cref="QueryAsync"/> for text a user typed.</summary>
    public Task<IReadOnlyList<object?>> SubmitScriptAsync(string script, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        return SendAsync(id => GremlinRequest.ForScript(id, script), cancellationToken);
    }

    /// <summary>
    /// Runs a user's query (<c>karma graph query --gremlin</c>): refused with <see cref="GremlinQueryRejectedException"/>
    /// if it is not a plain traversal, or mutates the graph without <paramref name="allowWrite"/>. Results are
    /// JSON-friendly (strings, numbers, booleans, lists, string-keyed maps; see <see cref="GremlinJson"/>).
    /// </summary>
    public async Task<IReadOnlyList<object?>> QueryAsync(string script, bool allowWrite, CancellationToken cancellationToken)
    {
        GremlinQueryGuard.Ensure(script, allowWrite);
        var results = await SubmitScriptAsync(script, cancellationToken).ConfigureAwait(false);
        return results.Select(GremlinJson.ToJsonFriendly).ToList();
    }

    private async Task<IReadOnlyList<object?>> SendAsync(Func<Guid, GremlinRequest> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A fresh id per attempt: a late answer to a failed attempt must not complete the new one.
            var request = build(Guid.NewGuid());
            try
            {
                await using var lease = await _pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _requests);
                return await lease.Connection.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (GremlinException ex) when (ex.IsRetryable && attempt < _options.MaxAttempts)
            {
                Interlocked.Increment(ref _retries);
                var delay = Backoff(attempt);
                LogRetry(_logger, request.Op, attempt, _options.MaxAttempts, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Exponential with "full jitter": parallel writers that collided on one vertex spread out instead of colliding again.
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gremlin {Op} attempt {Attempt}/{MaxAttempts} failed, retrying in {DelayMs:F0} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, string op, int attempt, int maxAttempts, double delayMs, string reason);
}
