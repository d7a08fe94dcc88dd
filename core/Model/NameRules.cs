namespace Karma.Core.Model;

/// <summary>
/// The naming rules of component types, nicknames, environments and change ids, checked one at a time so a refusal
/// says which rule a name broke. Such names become Parameter Store path segments, Git folders and workflow ids, so
/// they are restricted to characters that are safe in all three.
/// </summary>
public static class NameRules
{
    public const int MaxSegmentLength = 128;

    public const int MaxChangeIdLength = 64;

    /// <summary>Null when <paramref name="name"/> is a valid type, nickname or environment; else the rule it breaks.</summary>
    public static string? SegmentProblem(string? name) => Problem(name, MaxSegmentLength);

    /// <summary>Null when <paramref name="name"/> is a valid change id; else the rule it breaks.</summary>
    public static string? ChangeIdProblem(string? name) => Problem(name, MaxChangeIdLength);

    /// <summary>Null when <paramref name="text"/> is a valid <c>&lt;type&gt;/&lt;nickname&gt;</c>; else the rule it breaks.</summary>
    public static string? ComponentIdProblem(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "is empty: expected '<type>/<nickname>', e.g. vpc/main-vpc";
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "has no '/': expected '<type>/<nickname>', e.g. vpc/main-vpc";
        }

        if (slash != text.LastIndexOf('/'))
        {
            return "has more than one '/': expected '<type>/<nickname>', e.g. vpc/main-vpc";
        }

        return SegmentProblem(text[..slash]) is { } type ? $"has a type that {type}"
            : SegmentProblem(text[(slash + 1)..]) is { } nickname ? $"has a nickname that {nickname}"
            : null;
    }

    /// <summary>A name as messages quote it: long ones cut, so a refusal never echoes kilobytes back.</summary>
    public static string Quote(string? name) =>
        name is null ? "(none)" : name.Length <= 80 ? $"'{name}'" : $"'{name[..40]}…' ({name.Length} characters)";

    private static string? Problem(string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (name.Length > maxLength)
        {
            return $"is {name.Length} characters long: at most {maxLength} are allowed";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"starts with {Show(name[0])}: the first character must be a letter or a digit";
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return $"contains {Show(c)} at position {i + 1}: only letters, digits, '.', '_' and '-' are allowed";
            }
        }

        return null;
    }

    private static string Show(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
