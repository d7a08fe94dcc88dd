using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Karma.Core.Secrets;

namespace Karma.Core.Lifecycle;

/// <summary>One line of the append-only audit log, shaped like Karma's log entries.</summary>
/// <param name="Id">Chosen by the writer (deterministically, in workflows) so that a retried append is recognised.</param>
public sealed record AuditEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("inputs")] JsonObject Inputs,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("change_id")] string? ChangeId = null)
{
    /// <summary>The entry as it may be stored and shown: its inputs through Karma's one redaction rule.</summary>
    public AuditEntry Redacted(SecretRedactor? redactor = null) =>
        this with { Inputs = (redactor ?? SecretRedactor.Default).RedactJson(Inputs) as JsonObject ?? [] };
}

/// <summary>The action names Karma's docs use for log entries.</summary>
public static class AuditActions
{
    public const string ChangeRequested = "change_requested";
    public const string ChangeFinished = "change_finished";
    public const string UpdateConfig = "update_config";
    public const string TerraformPlanned = "terraform_planned";
    public const string TerraformApplied = "terraform_applied";
    public const string TerraformFailed = "terraform_failed";
    public const string RuntimeUpdated = "runtime_output_updated";
    public const string GraphMutation = "graph_mutation";

    /// <summary>A vote on a change or its rollout; status approved or rejected, user and source the voter's.</summary>
    public const string Approval = "approval";

    /// <summary>A cancel request; status requested (a running change) or withdrawn (a queued one), user and source the canceller's.</summary>
    public const string Cancellation = "cancellation";
}
