using System.Text.RegularExpressions;

namespace Karma.Activities.ParameterStore;

/// <summary>
/// SSM's naming rules, enforced on the client so that the local store and AWS (and moto, which is laxer)
/// reject the same names with the same message. Karma only uses hierarchical names, so a leading '/' is required.
/// </summary>
public static partial class ParameterNameRules
{
    public const int MaxNameLength = 2048;

    public const int MaxDepth = 15;

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SegmentPattern();

    /// <summary>Validates a parameter name for reading. Throws <see cref="InvalidParameterException"/>.</summary>
    public static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidParameterException("Parameter name is empty.");
        }

        if (!name.StartsWith('/'))
        {
            throw new InvalidParameterException($"Parameter name '{Shorten(name)}' must start with '/'.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new InvalidParameterException($"Parameter name '{Shorten(name)}' is {name.Length} characters; at most {MaxNameLength} are allowed.");
        }

        ValidateSegments(name, name[1..].Split('/'));
    }

    /// <summary>Validates a name for writing: also refuses the prefixes AWS reserves ('aws', 'ssm').</summary>
    public static void ValidateNameForWrite(string? name)
    {
        ValidateName(name);
        var first = name![1..].Split('/')[0];
        if (first.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || first.StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidParameterException($"Parameter name '{Shorten(name)}' is reserved: names may not begin with 'aws' or 'ssm'.");
        }
    }

    /// <summary>Returns the canonical form of a by-path query: '/' or '/a/b' without a trailing '/'.</summary>
    public static string NormalizePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            throw new InvalidParameterException($"Parameter path '{Shorten(path ?? string.Empty)}' must start with '/'.");
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new InvalidParameterException($"Parameter path '{Shorten(path)}' is longer than {MaxNameLength} characters.");
        }

        ValidateSegments(path, trimmed[1..].Split('/'));
        return trimmed;
    }

    private static void ValidateSegments(string name, string[] segments)
    {
        if (segments.Length > MaxDepth)
        {
            throw new InvalidParameterException($"Parameter name '{Shorten(name)}' has {segments.Length} levels; at most {MaxDepth} are allowed.");
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                throw new InvalidParameterException($"Parameter name '{Shorten(name)}' has an empty level ('//' or a trailing '/').");
            }

            if (!SegmentPattern().IsMatch(segment))
            {
                throw new InvalidParameterException(
                    $"Parameter name '{Shorten(name)}' has an invalid level '{Shorten(segment)}': only letters, digits, '_', '.', '-' are allowed.");
            }
        }
    }

    // A 2 KB name in an exception message helps nobody.
    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
