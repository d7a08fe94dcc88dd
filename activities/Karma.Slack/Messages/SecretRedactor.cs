using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Karma.Slack.Messages;

/// <summary>
/// Keeps secrets out of Slack: scrubs values known to be sensitive (from sensitive config lines) and
/// things that look like credentials (Slack tokens, AWS access keys, private keys) out of free text, and
/// checks a finished message before it is sent. A hit at that point is a bug upstream, so the message is
/// refused rather than sent.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "‹redacted›";

    // Shorter "secrets" (e.g. "1", "yes") would blank out ordinary text; such values are not credentials.
    private const int MinimumSecretLength = 4;

    private readonly string[] secrets;

    public SecretRedactor(IEnumerable<string?> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(knownSecrets);
        secrets = knownSecrets
            .Where(s => s is { Length: >= MinimumSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>The values of every sensitive line of the view's config diff.</summary>
    public static SecretRedactor For(ApprovalRequestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new SecretRedactor(view.ConfigDiff.Where(l => l.Sensitive).SelectMany(l => new[] { l.OldValue, l.NewValue }));
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return CredentialPattern().Replace(text, Mask);
    }

    /// <summary>Throws <see cref="SecretLeakException"/> when any string in <paramref name="node"/> contains a secret.</summary>
    public void EnsureClean(JsonNode? node, string changeId)
    {
        foreach (var text in Strings(node))
        {
            if (ContainsSecret(text))
            {
                throw new SecretLeakException(changeId);
            }
        }
    }

    public void EnsureClean(string text, string changeId)
    {
        if (ContainsSecret(text))
        {
            throw new SecretLeakException(changeId);
        }
    }

    private bool ContainsSecret(string text) =>
        CredentialPattern().IsMatch(text)
        || secrets.Any(s => text.Contains(s, StringComparison.Ordinal) || text.Contains(SlackText.Escape(s), StringComparison.Ordinal));

    private static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var child in obj.SelectMany(p => Strings(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Strings))
                {
                    yield return child;
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }

    [GeneratedRegex(
        @"xox[abposre]-[A-Za-z0-9-]{8,}|xapp-\d-[A-Za-z0-9-]{8,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();
}
