using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// Null when <paramref name="other"/> (same change id) is the same proposal, so a resend is an idempotent retry; else
    /// what differs, in the request's own field names. Configs compare as JSON (key order and spacing do not matter).
    /// </summary>
    public string? DifferenceFrom(ChangeRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind != other.Kind ? $"it is a {other.Kind.ToWire()}, not a {Kind.ToWire()}"
            : Component != other.Component ? $"it is for {other.Component}, not {Component}"
            : !string.Equals(Environment, other.Environment, StringComparison.Ordinal) ? $"it is for environment {other.Environment}, not {Environment}"
            : !string.Equals(RequestedBy, other.RequestedBy, StringComparison.OrdinalIgnoreCase) ? $"it was requested by {other.RequestedBy}"
            : !SameJson(ProposedConfigJson, other.ProposedConfigJson) ? "its proposed_change differs"
            : !string.Equals(Reason, other.Reason, StringComparison.Ordinal) ? "its reason differs"
            : null;
    }

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

    private static bool SameJson(string a, string b)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (JsonException)
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }
    }
}

public sealed class InvalidChangeRequestException(string message) : ArgumentException(message);
