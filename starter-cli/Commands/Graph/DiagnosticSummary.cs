using System.Globalization;
using Karma.Core.Analysis;

namespace Karma.Cli.Commands.Graph;

/// <summary>
/// Text output of graph diagnostics that stays readable at 100,000 components: a kind with few findings is listed in
/// full; a larger one is one line with its count and the first examples (<c>never-applied: 100,000 components, e.g.</c>).
/// <c>--verbose</c> lists every finding, and <c>--output json</c> always does.
/// </summary>
internal static class DiagnosticSummary
{
    /// <summary>A kind with at most this many findings is listed in full.</summary>
    public const int ListedInFull = 5;

    /// <summary>How many examples a summarised kind shows.</summary>
    public const int Examples = 3;

    public static void Write(TextWriter output, IReadOnlyList<GraphDiagnostic> diagnostics, bool verbose)
    {
        // Diagnostics come sorted by severity then component; grouping keeps that order inside each kind.
        var kinds = diagnostics.GroupBy(d => (d.Severity, d.Code)).OrderBy(g => g.Key.Severity).ThenBy(g => g.Key.Code, StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            var all = kind.ToList();
            if (verbose || all.Count <= ListedInFull)
            {
                all.ForEach(d => output.WriteLine($"  {d}"));
                continue;
            }

            var severity = kind.Key.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            var components = all.Select(d => d.Component).Distinct().Count();
            var count = components == all.Count
                ? string.Create(CultureInfo.InvariantCulture, $"{components:N0} components")
                : string.Create(CultureInfo.InvariantCulture, $"{all.Count:N0} findings on {components:N0} components");
            output.WriteLine($"  {severity} {kind.Key.Code}: {count}, e.g.");
            foreach (var example in all.Take(Examples))
            {
                output.WriteLine($"    {example.Location}: {example.Message}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    … and {all.Count - Examples:N0} more (--verbose or --output json lists them all)"));
        }
    }
}
