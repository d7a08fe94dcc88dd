using System.Security.Cryptography;
using System.Text;
using Karma.Activities.Configuration;
using Microsoft.Extensions.Configuration;

namespace Karma.Cli.Local;

/// <summary>
/// The fingerprint of the configuration local mode's background worker runs with: each effective setting the worker reads,
/// as a hash of its value (server.json must not hold secrets). A CLI compares its own with the host's before it moves
/// work on, so a change is never carried out with another repo, store or Terraform setting than the one the user gave.
/// Computed from the layers below the config repo's karma.json, which follows from the repo and ref they name.
/// </summary>
internal static class HostSettings
{
    // Each change carries these in its workflow input (ChangeOptions, environment, identity), or they only concern the CLI
    // or service mode: they may differ between the processes sharing one host.
    private static readonly string[] PerInvocation =
    [
        "Karma:Home", "Karma:Environment", "Karma:Identity", "Karma:Changes", "Karma:Temporal:Address", "Karma:Slack", "Karma:Api",
    ];

    public static IReadOnlyDictionary<string, string> Of(KarmaConfiguration configuration) =>
        configuration.Configuration.GetSection(KarmaOptions.SectionName).AsEnumerable()
            .Where(pair => pair.Value is not null && !PerInvocation.Any(prefix => IsUnder(pair.Key, prefix)))
            .ToDictionary(pair => pair.Key, pair => Hash(pair.Key, pair.Value!), StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys whose values differ between two fingerprints (set on one side only included), sorted.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> host, IReadOnlyDictionary<string, string> cli) =>
        [.. host.Keys.Concat(cli.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(key => !host.TryGetValue(key, out var a) || !cli.TryGetValue(key, out var b) || a != b)
            .Order(StringComparer.OrdinalIgnoreCase)];

    private static bool IsUnder(string key, string prefix) =>
        key.Equals(prefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase);

    private static string Hash(string key, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToUpperInvariant() + "\n" + value)))[..16];
}
