using Karma.Core.Model;

namespace Karma.Core.Analysis;

/// <summary>Where a component lives in Parameter Store and in the Git config repo.</summary>
public static class ComponentPaths
{
    public const string DefaultPrefix = "/iac";

    /// <summary>
    /// Normalises a Parameter Store prefix: a leading '/', no trailing '/'. "" and "/" mean no prefix at all.
    /// </summary>
    public static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? DefaultPrefix).Trim().TrimEnd('/');
        return trimmed.Length == 0 ? string.Empty : trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }

    public static string RuntimeParameter(string prefix, ComponentId id) => $"{NormalizePrefix(prefix)}/{id.Type}/{id.Nickname}/runtime";

    public static string ConfigParameter(string prefix, ComponentId id) => $"{NormalizePrefix(prefix)}/{id.Type}/{id.Nickname}/config";

    /// <summary>The conventional Git path, <c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/config.json</c>.</summary>
    public static string ConventionalConfigFile(string environment, ComponentId id) => $"iac/{environment}/{id.Type}/{id.Nickname}/config.json";
}
