using Karma.Core.Analysis;
using Karma.Core.Ports;

namespace Karma.Activities.Graph;

/// <summary>A graph analysed from its sources, and (after a build) what writing it changed.</summary>
/// <param name="Write">Null when nothing was written (validate only, or the graph has errors).</param>
public sealed record GraphAnalysis(
    string Environment,
    string CommitSha,
    GraphBuildResult Result,
    GraphWriteResult? Write,
    TimeSpan LoadTime,
    TimeSpan AnalyseTime,
    TimeSpan WriteTime);
