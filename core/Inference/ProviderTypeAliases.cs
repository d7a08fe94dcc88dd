using Karma.Core.Model;

namespace Karma.Core.Inference;

/// <summary>
/// Maps the <c>&lt;t&gt;</c> of a <c>&lt;t&gt;_nickname</c> property to a component type. Without an alias the type is
/// <c>&lt;t&gt;</c> with <c>_</c> turned into <c>-</c>; aliases cover the irregular names.
/// </summary>
public sealed class ProviderTypeAliases
{
    /// <summary>Aliases every config repo gets; a repo's <c>karma.json</c> may override them.</summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltIn = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cluster"] = "ecs-cluster",
        ["bucket"] = "s3-bucket",
    };

    private readonly Dictionary<string, string> _aliases;

    private ProviderTypeAliases(Dictionary<string, string> aliases) => _aliases = aliases;

    public static ProviderTypeAliases Default { get; } = new(new Dictionary<string, string>(BuiltIn, StringComparer.Ordinal));

    public IReadOnlyDictionary<string, string> Entries => _aliases;

    /// <summary>
    /// The built-in aliases extended (and overridden) by <paramref name="extra"/>. Entries whose key or type is not a
    /// valid path segment are returned in <paramref name="rejected"/> and ignored, so one typo cannot break inference.
    /// </summary>
    public static ProviderTypeAliases Create(IReadOnlyDictionary<string, string>? extra, out IReadOnlyList<KeyValuePair<string, string>> rejected)
    {
        var merged = new Dictionary<string, string>(BuiltIn, StringComparer.Ordinal);
        var bad = new List<KeyValuePair<string, string>>();
        foreach (var entry in (extra ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(entry.Key) || !ComponentId.IsValidSegment(entry.Value))
            {
                bad.Add(entry);
                continue;
            }

            merged[entry.Key] = entry.Value;
        }

        rejected = bad;
        return new ProviderTypeAliases(merged);
    }

    /// <summary>Resolves the <c>&lt;t&gt;</c> written before <c>_nickname</c> (e.g. <c>s3_bucket</c>) to a component type.</summary>
    public string Resolve(string prefix)
    {
        if (_aliases.TryGetValue(prefix, out var type))
        {
            return type;
        }

        var dashed = prefix.Replace('_', '-');
        return _aliases.TryGetValue(dashed, out type) ? type : dashed;
    }
}
