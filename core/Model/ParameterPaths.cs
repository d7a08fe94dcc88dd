using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Karma.Core.Model;

/// <summary>Which of a component's two parameters a name points at.</summary>
public enum ComponentParameterKind
{
    Config,
    Runtime,
}

/// <summary>
/// Karma's Parameter Store layout: <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/config|runtime</c> and
/// <c>&lt;prefix&gt;/environment</c>. The prefix defaults to <c>/iac</c> (the Adage convention, overridable with IAC_PREFIX).
/// </summary>
public static partial class ParameterPaths
{
    public const string DefaultPrefix = "/iac";

    public const string EnvironmentLeaf = "environment";

    // Prefix segments become SSM path levels, so they follow SSM's character rules.
    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex PrefixSegmentPattern();

    /// <summary>
    /// Returns the canonical prefix: leading '/', no trailing '/'. Null or blank means <see cref="DefaultPrefix"/>.
    /// Throws <see cref="FormatException"/> naming the problem for anything SSM would not accept as a path.
    /// </summary>
    public static string NormalizePrefix(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return DefaultPrefix;
        }

        var trimmed = prefix.Trim();
        if (!trimmed.StartsWith('/'))
        {
            trimmed = "/" + trimmed;
        }

        trimmed = trimmed.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            throw new FormatException("Parameter prefix '/' is not allowed: components need at least one prefix level such as '/iac'.");
        }

        var segments = trimmed[1..].Split('/');
        foreach (var segment in segments)
        {
            if (!PrefixSegmentPattern().IsMatch(segment))
            {
                throw new FormatException(
                    $"Parameter prefix '{prefix}' is malformed: level '{segment}' must be non-empty and use only letters, digits, '_', '.' or '-'.");
            }
        }

        // Three levels are appended below the prefix (<type>/<nickname>/config) and SSM allows 15 in total.
        if (segments.Length > 12)
        {
            throw new FormatException($"Parameter prefix '{prefix}' has {segments.Length} levels; at most 12 leave room for '<type>/<nickname>/config'.");
        }

        return trimmed;
    }

    public static string Config(string prefix, ComponentId id) => $"{NormalizePrefix(prefix)}/{id.Type}/{id.Nickname}/config";

    public static string Runtime(string prefix, ComponentId id) => $"{NormalizePrefix(prefix)}/{id.Type}/{id.Nickname}/runtime";

    public static string Of(string prefix, ComponentId id, ComponentParameterKind kind) =>
        kind == ComponentParameterKind.Config ? Config(prefix, id) : Runtime(prefix, id);

    public static string Environment(string prefix) => $"{NormalizePrefix(prefix)}/{EnvironmentLeaf}";

    /// <summary>
    /// Recognises <c>&lt;prefix&gt;/&lt;type&gt;/&lt;nickname&gt;/config|runtime</c>; anything else below the prefix
    /// (the environment parameter, deeper or foreign names) is not a component parameter.
    /// </summary>
    public static bool TryParseComponentParameter(
        string prefix,
        [NotNullWhen(true)] string? name,
        out ComponentId id,
        out ComponentParameterKind kind)
    {
        id = default;
        kind = default;
        var root = NormalizePrefix(prefix) + "/";
        if (name is null || !name.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = name[root.Length..].Split('/');
        if (parts.Length != 3 || !ComponentId.IsValidSegment(parts[0]) || !ComponentId.IsValidSegment(parts[1]))
        {
            return false;
        }

        switch (parts[2])
        {
            case "config":
                kind = ComponentParameterKind.Config;
                break;
            case "runtime":
                kind = ComponentParameterKind.Runtime;
                break;
            default:
                return false;
        }

        id = new ComponentId(parts[0], parts[1]);
        return true;
    }
}
