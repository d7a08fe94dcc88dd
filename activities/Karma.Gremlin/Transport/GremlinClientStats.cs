namespace Karma.Gremlin.Transport;

/// <summary>Counters since the client was created: requests sent (attempts included), retries, connections opened.</summary>
public sealed record GremlinClientStats(long RequestsSent, long Retries, int ConnectionsOpened);
