using Karma.Core.Model;

namespace Karma.Workflows;

/// <param name="ChangedKeys">The origin's runtime keys whose values the change altered.</param>
public sealed record RolloutInput(
    string Environment,
    ComponentId Origin,
    string ChangeId,
    string RequestedBy,
    IReadOnlyList<string> ChangedKeys,
    ChangeOptions Options);

/// <param name="Status">applied, failed, rejected or expired.</param>
/// <param name="Skipped">The dependents that were not rolled out (see <paramref name="SkipReasons"/> for why).</param>
/// <param name="SkipReasons">Why each skipped dependent was skipped; null in results of rollouts that predate it.</param>
public sealed record RolloutResult(
    string Status,
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Skipped,
    int WavesRun,
    string? Reason,
    IReadOnlyList<RolloutSkip>? SkipReasons = null);

/// <param name="Reason">e.g. "its consumed values did not change", "no changes", "never applied: …".</param>
public sealed record RolloutSkip(string Component, string Reason)
{
    public override string ToString() => $"{Component} ({Reason})";
}

/// <param name="Planned">Members whose plans have changes (approved, then applied, unless the wave failed).</param>
/// <param name="Skipped">Members not rolled out; <paramref name="SkipReasons"/> says why.</param>
public sealed record RolloutWaveView(
    int Number,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Planned,
    IReadOnlyList<string> Skipped,
    string State,
    IReadOnlyList<RolloutSkip> SkipReasons);

public sealed record RolloutStatus(
    string ChangeId,
    string Origin,
    string State,
    IReadOnlyList<RolloutWaveView> Waves,
    IReadOnlyList<string> Approvals,
    int RequiredApprovals,
    IReadOnlyList<string> PendingPlans);
