using System.Text.RegularExpressions;
using Karma.Core.Secrets;

namespace Karma.Activities.Terraform;

/// <summary>
/// Makes a line of terraform output safe to log or put in an exception message: no terminal escapes, bounded length,
/// and Karma's one redaction rule (<see cref="SecretRedactor"/>) applied with the known secret values.
/// Terraform already masks values it knows are sensitive; this catches what it cannot know about.
/// </summary>
public sealed partial class OutputSanitizer
{
    private const int MaxLineLength = 500;

    private readonly SecretRedactor _redactor;

    public OutputSanitizer(IEnumerable<string>? secrets = null)
    {
        _redactor = secrets is null ? SecretRedactor.Default : new SecretRedactor(secrets);
    }

    public string Sanitize(string line)
    {
        var text = AnsiEscape().Replace(line, string.Empty);
        text = ControlCharacters().Replace(text, string.Empty);
        text = _redactor.RedactText(text);
        return text.Length <= MaxLineLength ? text : string.Concat(text.AsSpan(0, MaxLineLength), "…");
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex ControlCharacters();
}
