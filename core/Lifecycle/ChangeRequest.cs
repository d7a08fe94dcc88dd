using Karma.Core.Model;

namespace Karma.Core.Lifecycle;

/// <summary>A proposed config change for one component, as Karma's <c>POST /request-change</c> accepts it.</summary>
/// <param name="ChangeId">Chosen by the client so that a retried proposal is recognised, not duplicated.</param>
/// <param name="ProposedConfigJson">The complete new config (a JSON object), not a patch.</param>
public sealed record ChangeRequest(
    string ChangeId,
    ComponentId Component,
    string Environment,
    string ProposedConfigJson,
    string RequestedBy,
    string Reason,
    ChangeSource Source)
{
    /// <summary>Optional so that requests recorded before kinds existed read as changes (old histories replay).</summary>
    public ChangeKind Kind { get; init; } = ChangeKind.Change;

    public void Validate()
    {
        if (NameRules.ChangeIdProblem(ChangeId) is { } badId)
        {
            throw new InvalidChangeRequestException($"change id {NameRules.Quote(ChangeId)} {badId}.");
        }

        if ((Kind == ChangeKind.Plan) != ChangeKinds.IsPlanId(ChangeId))
        {
            throw new InvalidChangeRequestException(Kind == ChangeKind.Plan
                ? $"plan id '{ChangeId}' must start with '{ChangeKinds.PlanIdPrefix}'."
                : $"change id '{ChangeId}' must not start with '{ChangeKinds.PlanIdPrefix}' (reserved for dry runs).");
        }

        if (NameRules.ComponentIdProblem($"{Component.Type}/{Component.Nickname}") is { } badComponent)
        {
            throw new InvalidChangeRequestException($"component {NameRules.Quote(Component.ToString())} {badComponent}.");
        }

        if (NameRules.SegmentProblem(Environment) is { } badEnvironment)
        {
            throw new InvalidChangeRequestException($"environment {NameRules.Quote(Environment)} {badEnvironment}.");
        }

        if (string.IsNullOrWhiteSpace(RequestedBy))
        {
            throw new InvalidChangeRequestException("requested_by is required: approvals are checked against the proposer.");
        }
    }
}

public sealed class InvalidChangeRequestException(string message) : ArgumentException(message);
