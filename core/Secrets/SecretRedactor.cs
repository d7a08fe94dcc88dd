using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Karma.Core.Secrets;

/// <summary>
/// The one redaction rule for everything that leaves a workflow (audit entries, Slack messages, log lines, API answers):
/// values under keys that name a secret are replaced by <see cref="Mask"/>; in free text, the known secret values, things
/// shaped like credentials (Slack, AWS, GitHub tokens, private keys, passwords in URLs) and <c>name = value</c>
/// assignments of secret-named keys are replaced too. Pure: workflows call it.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What stands in for a secret everywhere; the words terraform uses in its own plans, so reviewers see one convention.</summary>
    public const string Mask = "(sensitive value)";

    // Shorter "secrets" (e.g. "1", "yes") would blank out ordinary words; such values are not credentials.
    private const int MinimumSecretLength = 4;

    private static readonly string[] SecretWords = ["password", "passwd", "secret", "token", "private_key", "privatekey", "api_key", "apikey", "credential"];

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(knownSecrets);
        _secrets = knownSecrets
            .Where(s => s is { Length: >= MinimumSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>Redacts credential shapes and secret assignments only (no known values).</summary>
    public static SecretRedactor Default { get; } = new([]);

    /// <summary>The known secret values, longest first.</summary>
    public IReadOnlyList<string> KnownSecrets => _secrets;

    /// <summary>Keys naming a password, secret, token, private or API key or credential anywhere in their path.</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SecretWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A redactor that also knows the values held under secret keys of <paramref name="json"/> (e.g. a proposed config).</summary>
    public static SecretRedactor ForJson(params string?[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new SecretRedactor(json.SelectMany(j => SecretValues(TryParse(j))));
    }

    /// <summary>The string forms of every value held under a secret key of <paramref name="node"/>, at any depth.</summary>
    public static IEnumerable<string> SecretValues(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => IsSecretKey(p.Key) ? Leaves(p.Value) : SecretValues(p.Value)),
        JsonArray array => array.SelectMany(SecretValues),
        _ => [],
    };

    /// <summary>Free text with known secrets, credential shapes and secret assignments replaced by <see cref="Mask"/>.</summary>
    public string RedactText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = CredentialPattern().Replace(text, Mask);
        text = UrlPassword().Replace(text, match => match.Groups["head"].Value + Mask + "@");
        return SecretAssignment().Replace(text, match => match.Groups["name"].Value + match.Groups["sep"].Value + Mask);
    }

    /// <summary>A redacted copy of <paramref name="node"/>: whatever sits under a secret key becomes <see cref="Mask"/>, other strings go through <see cref="RedactText"/>.</summary>
    public JsonNode? RedactJson(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = IsSecretKey(key) && value is not null ? JsonValue.Create(Mask) : RedactJson(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(RedactJson)]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(RedactText(text));
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Whether <paramref name="text"/> holds a known secret or something shaped like a credential.</summary>
    public bool ContainsSecret(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialPattern().IsMatch(text) || UrlPassword().IsMatch(text) || _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));
    }

    /// <summary>Whether any string (key or value) in <paramref name="node"/> holds a secret.</summary>
    public bool ContainsSecret(JsonNode? node) => Strings(node).Any(ContainsSecret);

    /// <summary>Every string in <paramref name="node"/>: property names and string values.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value)),
        JsonArray array => array.SelectMany(Leaves),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        // A number can be a secret (a PIN); true, false and null say nothing about anything.
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => [value.ToJsonString()],
        _ => [],
    };

    private static JsonNode? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(
        @"xox[abposre]-[A-Za-z0-9-]{8,}|xapp-\d-[A-Za-z0-9-]{8,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();

    // https://user:password@host: the password goes, the user stays (it says whose credential it was).
    [GeneratedRegex(@"(?<head>\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)(?!\(sensitive value\)@)[^/\s@]+@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    // Terraform's own placeholders — "(sensitive value)", "(known after apply)" — start with "(" and are left as they are.
    [GeneratedRegex(
        @"(?<name>\b[\w-]*(?:secret|password|passwd|token|private_key|api_key|credential)[\w-]*[""']?)(?<sep>\s*[=:]\s*)(?!\()(?<value>""[^""]*""|'[^']*'|[^\s,;}]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();
}
