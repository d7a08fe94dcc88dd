using Karma.Core.Inference;
using Karma.Core.Model;

namespace Karma.Core.Analysis;

/// <summary>A built graph and everything analysis found while building it.</summary>
/// <param name="RuntimeKeyReads">Runtime keys consumers declared they read (input to impact analysis of runtime changes).</param>
public sealed record GraphBuildResult(
    ComponentGraph Graph,
    IReadOnlyList<GraphDiagnostic> Diagnostics,
    IReadOnlyList<RuntimeKeyRead> RuntimeKeyReads)
{
    public IEnumerable<GraphDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<GraphDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
