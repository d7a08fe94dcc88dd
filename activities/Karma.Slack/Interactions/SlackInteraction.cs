namespace Karma.Slack.Interactions;

/// <summary>An interaction payload Slack sent (HTTP endpoint or Socket Mode), reduced to what Karma uses.</summary>
public abstract record SlackInteraction(string Type, string UserId, string? UserName);

/// <summary>A button click (<c>block_actions</c>). Channel and message are null when the click was not on a message.</summary>
public sealed record BlockActionInteraction(
    string UserId,
    string? UserName,
    string ActionId,
    string? Value,
    string? ChannelId,
    string? MessageTs,
    string? TriggerId)
    : SlackInteraction("block_actions", UserId, UserName);

/// <summary>A modal submitted (<c>view_submission</c>), with each input's value by block id.</summary>
public sealed record ViewSubmissionInteraction(
    string UserId,
    string? UserName,
    string CallbackId,
    string? PrivateMetadata,
    IReadOnlyDictionary<string, string?> Inputs)
    : SlackInteraction("view_submission", UserId, UserName);

/// <summary>Any other interaction type; acknowledged and ignored.</summary>
public sealed record OtherInteraction(string InteractionType, string UserId)
    : SlackInteraction(InteractionType, UserId, null);
