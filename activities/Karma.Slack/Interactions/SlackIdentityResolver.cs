using Karma.Slack.Api;
using Karma.Slack.Configuration;

namespace Karma.Slack.Interactions;

/// <summary>
/// Maps a Slack user to a Karma approver identity: the configured <c>Karma:Slack:Users</c> map first, then
/// (when <see cref="SlackOptions.ResolveUsersByEmail"/>) the user's profile email from users.info.
/// Bots, deleted users and users without an email get no identity.
/// </summary>
public sealed class SlackIdentityResolver
{
    private readonly SlackOptions options;
    private readonly SlackClient slack;

    public SlackIdentityResolver(SlackOptions options, SlackClient slack)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(slack);
        this.options = options;
        this.slack = slack;
    }

    /// <summary>The identity, or null with the reason it is unknown.</summary>
    public async Task<IdentityResolution> ResolveAsync(string slackUserId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slackUserId);
        if (options.Users.TryGetValue(slackUserId, out var mapped) && !string.IsNullOrWhiteSpace(mapped))
        {
            return new IdentityResolution(mapped, null);
        }

        if (!options.ResolveUsersByEmail)
        {
            return new IdentityResolution(null, $"your Slack account ({slackUserId}) is not mapped to a Karma identity in {SlackOptions.SectionName}:Users");
        }

        SlackUser user;
        try
        {
            user = await slack.GetUserAsync(slackUserId, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            return new IdentityResolution(null, $"Karma could not look up your Slack profile ({ex.Error})");
        }

        if (user.IsBot || user.IsDeleted)
        {
            return new IdentityResolution(null, "bots and deactivated accounts cannot approve");
        }

        return string.IsNullOrWhiteSpace(user.Email)
            ? new IdentityResolution(null, "your Slack profile has no email Karma can read, and you are not in the configured user map")
            : new IdentityResolution(user.Email.Trim().ToLowerInvariant(), null);
    }
}

/// <summary>A resolved identity, or the reason there is none.</summary>
public sealed record IdentityResolution(string? Identity, string? Reason);
