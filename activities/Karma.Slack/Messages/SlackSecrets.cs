using System.Text.Json.Nodes;
using Karma.Core.Secrets;

namespace Karma.Slack.Messages;

/// <summary>
/// Slack's use of Karma's one redaction rule (<see cref="SecretRedactor"/>): the secrets an approval request knows about
/// are the values of its sensitive config lines, and a finished message is checked again before it is sent. A hit at
/// that point is a bug upstream, so the message is refused rather than sent.
/// </summary>
public static class SlackSecrets
{
    /// <summary>A redactor that knows the values of every sensitive line of the view's config diff.</summary>
    public static SecretRedactor For(ApprovalRequestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new SecretRedactor(view.ConfigDiff.Where(l => l.Sensitive).SelectMany(l => new[] { l.OldValue, l.NewValue }));
    }

    /// <summary>Throws <see cref="SecretLeakException"/> when any string in <paramref name="node"/> contains a secret.</summary>
    public static void EnsureClean(this SecretRedactor redactor, JsonNode? node, string changeId)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        foreach (var text in SecretRedactor.Strings(node))
        {
            redactor.EnsureClean(text, changeId);
        }
    }

    /// <summary>Throws <see cref="SecretLeakException"/> when <paramref name="text"/> contains a secret, raw or Slack-escaped.</summary>
    public static void EnsureClean(this SecretRedactor redactor, string text, string changeId)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        if (redactor.ContainsSecret(text) || redactor.KnownSecrets.Any(s => text.Contains(SlackText.Escape(s), StringComparison.Ordinal)))
        {
            throw new SecretLeakException(changeId);
        }
    }
}
