using Karma.Core.Model;

namespace Karma.Core.Analysis;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>A finding of graph analysis.</summary>
/// <param name="Code">A stable identifier from <see cref="DiagnosticCodes"/>.</param>
/// <param name="Component">The component the finding is about (null for repo-wide findings such as a bad alias).</param>
/// <param name="Location">
/// Where to look: a repo file (<c>iac/prod/vpc/main/config.json</c>), optionally followed by a space and a JSON path,
/// or by <c>:line:column</c> (both 1-based); or a Parameter Store name.
/// </param>
public sealed record GraphDiagnostic(string Code, DiagnosticSeverity Severity, ComponentId? Component, string Location, string Message)
{
    public override string ToString() =>
        $"{(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Location}: {Message}";
}

/// <summary>The diagnostic codes graph analysis produces.</summary>
public static class DiagnosticCodes
{
    /// <summary>Error: components that depend on each other in a loop (including a self-reference).</summary>
    public const string Cycle = "cycle";

    /// <summary>Error: a reference to a component that has no config in Git.</summary>
    public const string DanglingReference = "dangling-reference";

    /// <summary>Error: a Git config file that is not valid JSON.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>Error: a Git config file whose JSON is not an object.</summary>
    public const string ConfigNotObject = "config-not-object";

    /// <summary>Error: something shaped like a reference that cannot be one (bad id, wrong type, half a src pair).</summary>
    public const string InvalidReference = "invalid-reference";

    /// <summary>Error: two Git files describe the same component (e.g. both repo layouts).</summary>
    public const string DuplicateComponent = "duplicate-component";

    /// <summary>Error: a karma.json alias that is not usable (ignored).</summary>
    public const string InvalidAlias = "invalid-alias";

    /// <summary>Warning: the config in Parameter Store differs from Git, or was never published.</summary>
    public const string ConfigDrift = "config-drift";

    /// <summary>Warning: a component in Git with no runtime in Parameter Store (never applied).</summary>
    public const string NeverApplied = "never-applied";

    /// <summary>Warning: config or runtime in Parameter Store for a component that has no config in Git.</summary>
    public const string Orphan = "orphan";

    /// <summary>Warning: a consumer declares it reads a runtime key its provider's runtime does not have.</summary>
    public const string MissingRuntimeKey = "missing-runtime-key";

    /// <summary>Warning: a Parameter Store config or runtime value that is not a JSON object.</summary>
    public const string MalformedParameter = "malformed-parameter";
}
