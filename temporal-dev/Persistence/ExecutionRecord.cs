using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Persistence;

/// <summary>One transaction's worth of changes to a run: its row, the events it appended, its search attributes.</summary>
internal sealed record RunWrite(
    string RunId,
    string Namespace,
    string WorkflowId,
    string WorkflowType,
    string TaskQueue,
    WorkflowExecutionStatus Status,
    long StartMs,
    long? CloseMs,
    long HistoryLength,
    string StateJson,
    byte[]? Buffered,
    IReadOnlyList<HistoryEvent> NewEvents,
    bool MakeCurrent,
    IReadOnlyList<SearchAttributeRow>? SearchAttributes);

internal sealed record SearchAttributeRow(string Name, string Type, string? Text, double? Number);

/// <summary>A run row as loaded from the database.</summary>
internal sealed record StoredRun(
    string RunId,
    string Namespace,
    string WorkflowId,
    string StateJson,
    byte[]? Buffered);

internal sealed record NamespaceRecord(string Name, string Id, long RetentionSeconds, long CreatedMs);

/// <summary>A row of the visibility listing.</summary>
internal sealed record VisibilityRow(
    string RunId,
    string WorkflowId,
    string WorkflowType,
    string TaskQueue,
    WorkflowExecutionStatus Status,
    long StartMs,
    long? CloseMs,
    long HistoryLength,
    string StateJson);
