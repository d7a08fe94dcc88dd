using System.Text.Json.Serialization;

namespace Karma.Core.Lifecycle;

/// <summary>The outcome of one change, shaped like Karma's result: status, affected components, warnings, log entry id.</summary>
public sealed record ChangeResult(
    [property: JsonPropertyName("change_id")] string ChangeId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("affected_components")] IReadOnlyList<string> AffectedComponents,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("log_entry_id")] string? LogEntryId,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("plan_summary")] string? PlanSummary = null);
