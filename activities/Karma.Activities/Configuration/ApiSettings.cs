namespace Karma.Activities.Configuration;

/// <summary>
/// The HTTP API (<c>Karma:Api</c>). The service host binds the richer Karma.Worker.Api.KarmaApiSettings from the same
/// keys; this copy of the shape lets every other part of Karma (the CLI) validate a shared configuration file.
/// </summary>
public sealed class ApiSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary><c>Cached</c> (service mode, in-memory graph) or <c>Stateless</c> (each request loads what it needs).</summary>
    public string Mode { get; set; } = "Cached";

    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public int RefreshIntervalSeconds { get; set; } = 60;

    /// <summary>Bearer tokens and who they stand for. Tokens are secrets: never printed.</summary>
    public List<ApiTokenEntry> Tokens { get; set; } = [];
}

/// <summary>One accepted bearer token: the token (hashed at start) or, preferably, its SHA-256.</summary>
public sealed class ApiTokenEntry
{
    public string? Token { get; set; }

    public string? TokenSha256 { get; set; }

    public string? Identity { get; set; }

    /// <summary><c>reader</c>, <c>proposer</c>, <c>approver</c>.</summary>
    public List<string> Roles { get; set; } = [];
}
