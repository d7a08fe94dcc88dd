namespace Karma.Activities.Configuration;

/// <summary>Who is acting, and how outside identities map to Karma's (<c>Karma:Identity</c>).</summary>
public sealed class IdentitySettings
{
    /// <summary>The CLI user's identity; unset means the operating-system user name.</summary>
    public string? User { get; set; }

    /// <summary>Karma identity → its accounts elsewhere.</summary>
    public Dictionary<string, IdentityUserSettings> Users { get; set; } = new(StringComparer.Ordinal);

    public string ResolveUser() => string.IsNullOrWhiteSpace(User) ? System.Environment.UserName : User;
}

public sealed class IdentityUserSettings
{
    public string? Email { get; set; }

    /// <summary>Slack user id (<c>U…</c>).</summary>
    public string? SlackUserId { get; set; }

    /// <summary>Groups usable in approval policies' approver lists.</summary>
    public List<string> Groups { get; set; } = [];
}
