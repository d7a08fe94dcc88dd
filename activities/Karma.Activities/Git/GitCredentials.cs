namespace Karma.Activities.Git;

/// <summary>
/// HTTPS credentials for the config repo. A token alone (KARMA_GIT_TOKEN) is sent as the password with
/// the user name 'x-access-token', which GitHub accepts and other hosts ignore.
/// </summary>
public sealed record GitCredentials(string Username, string Password)
{
    public const string TokenUsername = "x-access-token";

    /// <summary>From explicit settings, else the token; null when neither is set.</summary>
    public static GitCredentials? From(string? username, string? password, string? token)
    {
        if (!string.IsNullOrEmpty(password))
        {
            return new GitCredentials(string.IsNullOrEmpty(username) ? TokenUsername : username, password);
        }

        return string.IsNullOrEmpty(token) ? null : new GitCredentials(string.IsNullOrEmpty(username) ? TokenUsername : username, token);
    }

    // Records print their members; a password must never reach a log that way.
    public override string ToString() => $"GitCredentials {{ Username = {Username}, Password = **** }}";
}
