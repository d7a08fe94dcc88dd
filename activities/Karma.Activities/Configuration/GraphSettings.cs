namespace Karma.Activities.Configuration;

public enum GraphProvider
{
    /// <summary>The embedded SQLite graph store.</summary>
    Sqlite,

    /// <summary>Amazon Neptune (or a Gremlin Server) over WebSocket.</summary>
    Neptune,
}

/// <summary>Where the dependency graph is stored (<c>Karma:Graph</c>).</summary>
public sealed class GraphSettings
{
    public GraphProvider Provider { get; set; } = GraphProvider.Sqlite;

    public SqliteGraphSettings Sqlite { get; set; } = new();

    public NeptuneSettings Neptune { get; set; } = new();
}

public sealed class SqliteGraphSettings
{
    /// <summary>Database file; unset means <c>&lt;Home&gt;/graph.db</c>.</summary>
    public string? Path { get; set; }
}

/// <summary>Keys read by Karma.Gremlin's NeptuneOptions (<c>Karma:Graph:Neptune</c>); kept here so they validate.</summary>
public sealed class NeptuneSettings
{
    /// <summary><c>wss://host:8182/gremlin</c> (ws:// only for a local Gremlin Server).</summary>
    public string? Endpoint { get; set; }

    public string? Region { get; set; }

    /// <summary>Sign requests with SigV4 (IAM database authentication).</summary>
    public bool Iam { get; set; }

    public int MaxConnections { get; set; } = 8;

    public int BatchSize { get; set; } = 200;

    public int MaxStepsPerRequest { get; set; } = 1500;

    public int MaxParallelRequests { get; set; } = 8;

    public int RequestTimeoutSeconds { get; set; } = 120;

    public string? Username { get; set; }

    public string? Password { get; set; }
}
