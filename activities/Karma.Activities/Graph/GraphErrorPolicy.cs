namespace Karma.Activities.Graph;

/// <summary>What a graph build writes when analysis finds errors (bad JSON, dangling or invalid references, cycles).</summary>
public enum GraphErrorPolicy
{
    /// <summary>
    /// Write nothing: the stored graph stays the last one that analysed cleanly. <c>karma graph build</c> and the
    /// scheduled resync, which exist to check the config repo.
    /// </summary>
    WriteNothing,

    /// <summary>
    /// Write the graph made of the valid parts — the builder leaves out what an error is about (a dangling reference
    /// adds no edge, a malformed file no references) — and report the errors. The post-apply refresh of a change: the
    /// change's own config was validated before it was planned, its apply has happened, and Parameter Store already
    /// holds its new config and runtime. Refusing to write would leave impact analysis and rollouts working from a
    /// graph that predates the apply, because of a problem elsewhere in the repo; the errors reach the change's
    /// warnings instead.
    /// </summary>
    WriteValidParts,
}
