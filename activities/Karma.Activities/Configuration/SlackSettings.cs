namespace Karma.Activities.Configuration;

/// <summary>Keys read by Karma.Slack's SlackOptions (<c>Karma:Slack</c>); kept here so they validate and document.</summary>
public sealed class SlackSettings
{
    public string? BotToken { get; set; }

    public string? SigningSecret { get; set; }

    public string? AppToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Environment → channel id where its approval requests go.</summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? DefaultChannel { get; set; }

    /// <summary>Slack user id → Karma identity.</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    public bool ResolveUsersByEmail { get; set; }

    public bool SocketMode { get; set; }

    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public int InteractionQueueCapacity { get; set; } = 1000;

    public int InteractionConcurrency { get; set; } = 4;

    /// <summary>Temporal Web UI root; approval requests link to the change's run there.</summary>
    public string? TemporalUiUrl { get; set; }
}
