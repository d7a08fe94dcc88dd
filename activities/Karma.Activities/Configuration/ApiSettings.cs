namespace Karma.Activities.Configuration;

/// <summary>The HTTP API (<c>Karma:Api</c>).</summary>
public sealed class ApiSettings
{
    /// <summary>Identity → bearer token accepted for it. Tokens are secrets: never printed.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
