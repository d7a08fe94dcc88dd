using System.Text.RegularExpressions;

namespace Karma.Activities.Terraform;

/// <summary>
/// Makes a line of terraform output safe to log or put in an exception message: no terminal escapes,
/// bounded length, known secret values and credential-looking tokens replaced by <see cref="Redaction.Marker"/>.
/// Terraform already masks values it knows are sensitive; this catches what it cannot know about.
/// </summary>
public sealed partial class OutputSanitizer
{
    private const int MaxLineLength = 500;

    private readonly string[] _secrets;

    public OutputSanitizer(IEnumerable<string>? secrets = null)
    {
        // Very short "secrets" would redact ordinary words; they are not worth the noise.
        _secrets = (secrets ?? [])
            .Where(secret => secret.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(secret => secret.Length)
            .ToArray();
    }

    public string Sanitize(string line)
    {
        var text = AnsiEscape().Replace(line, string.Empty);
        text = ControlCharacters().Replace(text, string.Empty);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Redaction.Marker, StringComparison.Ordinal);
        }

        text = AwsAccessKeyId().Replace(text, Redaction.Marker);
        text = SlackToken().Replace(text, Redaction.Marker);
        text = SecretAssignment().Replace(text, match => match.Groups["name"].Value + match.Groups["sep"].Value + Redaction.Marker);
        return text.Length <= MaxLineLength ? text : string.Concat(text.AsSpan(0, MaxLineLength), "…");
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex ControlCharacters();

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\bxox[abpers]-[A-Za-z0-9-]{8,}")]
    private static partial Regex SlackToken();

    // Terraform's own placeholders — "(sensitive value)", "(known after apply)" — are left as they are.
    [GeneratedRegex(@"(?<name>\b[\w-]*(secret|password|passwd|token)[\w-]*[""']?)(?<sep>\s*[=:]\s*)(?!\()(?<value>""[^""]*""|'[^']*'|[^\s,;}]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
