namespace Karma.Slack.Verification;

/// <summary>
/// Remembers the signatures of accepted requests until they could no longer pass the timestamp check,
/// so a captured request cannot be played again inside the window. Bounded: when full of unexpired
/// entries it refuses new ones (only correctly signed requests get this far, so an outsider cannot fill it).
/// </summary>
public sealed class ReplayCache
{
    private readonly Dictionary<string, DateTimeOffset> expiries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> byExpiry = new();
    private readonly Lock gate = new();

    public ReplayCache(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return expiries.Count;
            }
        }
    }

    /// <summary>Records <paramref name="key"/> until <paramref name="expiresAt"/>.</summary>
    public ReplayCacheResult TryAdd(string key, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        lock (gate)
        {
            Purge(now);
            if (expiries.ContainsKey(key))
            {
                return ReplayCacheResult.Seen;
            }

            if (expiries.Count >= Capacity)
            {
                return ReplayCacheResult.Full;
            }

            expiries[key] = expiresAt;
            byExpiry.Enqueue(key, expiresAt);
            return ReplayCacheResult.Added;
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (byExpiry.TryPeek(out var key, out var expiry) && expiry <= now)
        {
            byExpiry.Dequeue();
            expiries.Remove(key);
        }
    }
}

/// <summary>Outcome of <see cref="ReplayCache.TryAdd"/>.</summary>
public enum ReplayCacheResult
{
    Added,
    Seen,
    Full,
}
