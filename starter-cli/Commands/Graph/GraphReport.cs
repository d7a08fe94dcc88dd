using Karma.Activities.Graph;
using Karma.Cli.Infrastructure;
using Karma.Core.Analysis;

namespace Karma.Cli.Commands.Graph;

/// <summary>Prints the outcome of <c>karma graph build</c> and <c>karma validate</c> and picks the exit code.</summary>
internal static class GraphReport
{
    public static int Print(CliConsole console, GraphAnalysis analysis, string verb)
    {
        var result = analysis.Result;
        var errors = result.Errors.ToArray();
        var warnings = result.Warnings.ToArray();
        if (console.IsJson)
        {
            console.WriteJson(new
            {
                environment = analysis.Environment,
                commit = analysis.CommitSha,
                components = result.Graph.Nodes.Count,
                edges = result.Graph.Edges.Count,
                errors = errors.Select(Describe),
                warnings = warnings.Select(Describe),
                written = analysis.Write is { } w
                    ? new { version = w.Version, unchanged = w.Unchanged, nodes_added = w.NodesAdded, nodes_updated = w.NodesUpdated, nodes_removed = w.NodesRemoved, edges_added = w.EdgesAdded, edges_removed = w.EdgesRemoved }
                    : null,
                timings_ms = new { load = analysis.LoadTime.TotalMilliseconds, analyse = analysis.AnalyseTime.TotalMilliseconds, write = analysis.WriteTime.TotalMilliseconds },
            });
        }
        else
        {
            var commit = analysis.CommitSha.Length > 12 ? analysis.CommitSha[..12] : analysis.CommitSha;
            console.Out.WriteLine(
                $"{verb}: environment {analysis.Environment} at {commit}: {result.Graph.Nodes.Count} components, " +
                $"{result.Graph.Edges.Count} edges, {errors.Length} errors, {warnings.Length} warnings");
            DiagnosticSummary.Write(console.Out, [.. errors, .. warnings], console.Verbose);

            if (analysis.Write is { } written)
            {
                console.Out.WriteLine(written.Unchanged
                    ? $"graph unchanged (version {written.Version})"
                    : $"graph version {written.Version} written: nodes +{written.NodesAdded} ~{written.NodesUpdated} -{written.NodesRemoved}, edges +{written.EdgesAdded} -{written.EdgesRemoved}");
            }
            else if (errors.Length > 0 && verb == "graph build")
            {
                console.Out.WriteLine("nothing written: fix the errors above and build again");
            }
        }

        return errors.Length > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static object Describe(GraphDiagnostic d) => new
    {
        code = d.Code,
        component = d.Component?.ToString(),
        location = d.Location,
        message = d.Message,
    };
}
