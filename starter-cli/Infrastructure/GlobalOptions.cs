using System.CommandLine;

namespace Karma.Cli.Infrastructure;

/// <summary>Options every command accepts. Each one is also a configuration key (see docs/configuration.md).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Repo { get; } = new("--repo") { Description = "Config repo: a local path or a Git URL (Karma:Repo:Url).", Recursive = true };

    public Option<string?> Ref { get; } = new("--ref") { Description = "Branch, tag or commit of the config repo (default: its default branch).", Recursive = true };

    public Option<string?> Env { get; } = new("--env") { Description = "Environment name (default: from the <prefix>/environment parameter).", Recursive = true };

    public Option<string?> Prefix { get; } = new("--prefix") { Description = "Parameter Store prefix (default /iac, or IAC_PREFIX).", Recursive = true };

    public Option<string?> ConfigFile { get; } = new("--config") { Description = "An extra Karma configuration file (JSON) layered over the others.", Recursive = true };

    public Option<OutputFormat> Output { get; } = new("--output", "-o") { Description = "Output format: text or json.", Recursive = true, DefaultValueFactory = _ => OutputFormat.Text };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Only print results, no progress.", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Print stack traces of failures, and every graph diagnostic rather than a summary per kind.", Recursive = true };

    public Option<bool> NoColor { get; } = new("--no-color") { Description = "Never colour output (colour is also off when not a terminal).", Recursive = true };

    public Option<string?> Address { get; } = new("--address") { Description = "Temporal frontend address host:port (else TEMPORAL_ADDRESS, else the embedded dev server).", Recursive = true };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = "Temporal namespace (else TEMPORAL_NAMESPACE, else default).", Recursive = true };

    public IEnumerable<Option> All => [Repo, Ref, Env, Prefix, ConfigFile, Output, Quiet, Verbose, NoColor, Address, Namespace];

    /// <summary>Command-line values as configuration overrides (only those given).</summary>
    public IReadOnlyDictionary<string, string?> ToConfigurationOverrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(overrides, "Karma:Repo:Url", result.GetValue(Repo));
        Add(overrides, "Karma:Repo:Ref", result.GetValue(Ref));
        Add(overrides, "Karma:Environment", result.GetValue(Env));
        Add(overrides, "Karma:Prefix", result.GetValue(Prefix));
        Add(overrides, "Karma:Temporal:Address", result.GetValue(Address));
        Add(overrides, "Karma:Temporal:Namespace", result.GetValue(Namespace));
        return overrides;
    }

    private static void Add(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            overrides[key] = value;
        }
    }
}
