using System.Text.RegularExpressions;
using Karma.Activities.Git;
using Karma.Activities.ParameterStore;
using Karma.Core.Model;

namespace Karma.Activities.Configuration;

/// <summary>Checks on values beyond their type (URLs, prefixes, names), applied to the effective value of each key.</summary>
internal static partial class KarmaSettingRules
{
    private static readonly string[] RepoSchemes = ["http", "https", "file", "ssh", "git"];

    [GeneratedRegex(@"^[A-Za-z0-9.-]+:[0-9]{1,5}$")]
    private static partial Regex HostPortPattern();

    /// <summary>Key (case-insensitive) → check returning a problem, or null when the value is fine.</summary>
    public static IReadOnlyDictionary<string, Func<string, string?>> Rules { get; } =
        new Dictionary<string, Func<string, string?>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Karma:Prefix"] = Prefix,
            ["Karma:Environment"] = value => NameRules.SegmentProblem(value) is { } problem
                ? $"{NameRules.Quote(value)} is not a valid environment name: it {problem}."
                : null,
            ["Karma:Repo:Url"] = RepoUrl,
            ["Karma:ParameterStore:ServiceUrl"] = value => HttpUrl(value),
            ["Karma:ParameterStore:Tier"] = Tier,
            ["Karma:Slack:ApiBaseUrl"] = value => HttpUrl(value),
            ["Karma:Slack:TemporalUiUrl"] = value => HttpUrl(value),
            ["Karma:Graph:Neptune:Endpoint"] = value =>
                Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "wss" or "ws"
                    ? null
                    : $"'{value}' is not a wss:// URL (e.g. wss://my-cluster.cluster-xxxx.us-east-1.neptune.amazonaws.com:8182/gremlin).",
            ["Karma:Temporal:Address"] = value => HostPortPattern().IsMatch(value)
                ? null
                : $"'{value}' is not host:port (e.g. localhost:7233).",
            ["Karma:Changes:ApprovalTimeout"] = PositiveDuration,
            ["Karma:Changes:ReminderInterval"] = PositiveDuration,
            ["Karma:Changes:TerraformHeartbeatTimeout"] = PositiveDuration,
            ["Karma:Changes:TerraformTimeout"] = PositiveDuration,
            ["Karma:Changes:MaxApprovalRounds"] = AtLeastOne,
            ["Karma:Terraform:PlanRetention"] = PositiveDuration,
            ["Karma:Changes:Rollout:MaxParallel"] = AtLeastOne,
            ["Karma:Home"] = value => string.IsNullOrWhiteSpace(value) ? "the home folder cannot be empty." : null,
        };

    private static string? PositiveDuration(string value) =>
        TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var duration) && duration <= TimeSpan.Zero
            ? $"'{value}' must be a positive duration (hh:mm:ss or d.hh:mm:ss)."
            : null;

    private static string? AtLeastOne(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) && number < 1
            ? $"'{value}' must be 1 or more."
            : null;

    private static string? Prefix(string value)
    {
        try
        {
            ParameterPaths.NormalizePrefix(value);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? Tier(string value)
    {
        try
        {
            ParameterWriteRules.CanonicalTier(value);
            return null;
        }
        catch (InvalidParameterException ex)
        {
            return ex.Message;
        }
    }

    private static string? RepoUrl(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.Contains("://", StringComparison.Ordinal))
        {
            // A local path or scp-like 'git@host:org/repo.git': checked when the repo is opened.
            return null;
        }

        var scrubbed = GitUrlScrubber.ScrubUrl(value);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && RepoSchemes.Contains(uri.Scheme)
            ? null
            : $"'{scrubbed}' is not a usable git URL (https://, file://, ssh://) or local path.";
    }

    private static string? HttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{value}' is not an absolute http(s) URL.";
}
