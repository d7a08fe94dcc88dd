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
public sealed record RolloutResult(
    string Status,
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Skipped,
    int WavesRun,
    string? Reason);

public sealed record RolloutWaveView(int Number, IReadOnlyList<string> Members, IReadOnlyList<string> Planned, IReadOnlyList<string> Skipped, string State);

public sealed record RolloutStatus(
    string ChangeId,
    string Origin,
    string State,
    IReadOnlyList<RolloutWaveView> Waves,
    IReadOnlyList<string> Approvals,
    int RequiredApprovals,
    IReadOnlyList<string> PendingPlans);
