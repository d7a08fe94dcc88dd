namespace Karma.Slack.Configuration;

/// <summary>
/// Settings under <c>Karma:Slack</c>. Tokens and the signing secret are never printed: <see cref="ToString"/>
/// only says whether they are set.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Karma:Slack";

    /// <summary>Slack's public Web API root; tests point <see cref="ApiBaseUrl"/> at a local server.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://slack.com/api/");

    /// <summary>Bot token (<c>xoxb-…</c>) for chat.*, users.info and views.open.</summary>
    public string? BotToken { get; set; }

    /// <summary>Signing secret that authenticates requests to <c>/slack/interactions</c>.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>App-level token (<c>xapp-…</c>) for Socket Mode's apps.connections.open.</summary>
    public string? AppToken { get; set; }

    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// Root of the Temporal Web UI (e.g. <c>http://localhost:8233/</c>); approval requests link to the change's run there.
    /// Unset: no link (the <c>karma status</c> command is always shown).
    /// </summary>
    public Uri? TemporalUiUrl { get; set; }

    /// <summary>Environment name → channel id (or name) where its approval requests are posted.</summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Channel used for environments missing from <see cref="Channels"/>; none means "refuse".</summary>
    public string? DefaultChannel { get; set; }

    /// <summary>Slack user id (<c>U…</c>) → Karma approver identity.</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When a user is not in <see cref="Users"/>, use their Slack profile email (users.info) as identity.</summary>
    public bool ResolveUsersByEmail { get; set; }

    /// <summary>Receive interactions over Socket Mode instead of (or besides) the HTTP endpoint.</summary>
    public bool SocketMode { get; set; }

    /// <summary>Largest interaction request body accepted by the HTTP endpoint.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Clicks waiting to be processed; beyond this the endpoint answers 503 instead of queueing forever.</summary>
    public int InteractionQueueCapacity { get; set; } = 1000;

    /// <summary>Interactions processed at the same time (each may wait on a Temporal Update).</summary>
    public int InteractionConcurrency { get; set; } = 4;

    public string ChannelFor(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        if (Channels.TryGetValue(environment, out var channel) && !string.IsNullOrWhiteSpace(channel))
        {
            return channel;
        }

        return string.IsNullOrWhiteSpace(DefaultChannel)
            ? throw new SlackConfigurationException(
                $"No Slack channel for environment '{environment}': set {SectionName}:Channels:{environment} or {SectionName}:DefaultChannel.")
            : DefaultChannel;
    }

    public override string ToString() =>
        $"SlackOptions(ApiBaseUrl={ApiBaseUrl}, BotToken={(BotToken is null ? "unset" : "set")}, " +
        $"SigningSecret={(SigningSecret is null ? "unset" : "set")}, AppToken={(AppToken is null ? "unset" : "set")}, " +
        $"Channels={Channels.Count}, Users={Users.Count}, ResolveUsersByEmail={ResolveUsersByEmail}, SocketMode={SocketMode})";
}
