using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Karma.Gremlin.Transport;

/// <summary>
/// At most <see cref="GremlinClientOptions.MaxConnections"/> connections, each used by one request at a time.
/// A connection found closed (dropped, idle-timed-out) is replaced by a new one, handshaken — and so re-signed — afresh.
/// </summary>
internal sealed class GremlinConnectionPool : IAsyncDisposable
{
    private readonly GremlinClientOptions _options;
    private readonly IGremlinHandshake? _handshake;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<GremlinConnection> _idle = [];
    private int _opened;
    private bool _disposed;

    public GremlinConnectionPool(GremlinClientOptions options, IGremlinHandshake? handshake, ILogger logger)
    {
        _options = options;
        _handshake = handshake;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
    }

    public int ConnectionsOpened => Volatile.Read(ref _opened);

    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.TryTake(out var idle))
            {
                if (idle.IsOpen)
                {
                    return new Lease(this, idle);
                }

                await idle.DisposeAsync().ConfigureAwait(false);
            }

            var opened = await GremlinConnection.OpenAsync(_options, _handshake, _logger, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _opened);
            return new Lease(this, opened);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private async ValueTask ReturnAsync(GremlinConnection connection)
    {
        if (connection.IsOpen && !_disposed)
        {
            _idle.Add(connection);
        }
        else
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal readonly struct Lease(GremlinConnectionPool pool, GremlinConnection connection) : IAsyncDisposable
    {
        public GremlinConnection Connection => connection;

        public ValueTask DisposeAsync() => pool.ReturnAsync(connection);
    }
}
