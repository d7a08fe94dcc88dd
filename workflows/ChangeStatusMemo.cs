using System.Text.Json;
using Temporalio.Client;
using Temporalio.Converters;
using Memo = Temporalio.Api.Common.V1.Memo;
using Payload = Temporalio.Api.Common.V1.Payload;

namespace Karma.Workflows;

/// <summary>
/// A change's status as its workflow publishes it in its memo, so readers (<c>karma status</c>, followers) get it from
/// DescribeWorkflowExecution or a visibility list without a worker answering a query — including after the change ended.
/// </summary>
public static class ChangeStatusMemo
{
    /// <summary>The memo field holding the <see cref="ChangeStatus"/>.</summary>
    public const string Key = "karma.status";

    /// <summary>
    /// Largest status published. Temporal fails a workflow task whose memo exceeds its limit (32 KB by default); a larger
    /// status (a very long timeline, thousands of destroys) is withdrawn from the memo and readers fall back to the query.
    /// </summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The published status, or null when the change does not publish one (started before the memo existed, or too large).</summary>
    public static async Task<ChangeStatus?> ReadAsync(IReadOnlyDictionary<string, IEncodedRawValue> memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        return memo.TryGetValue(Key, out var value) ? await value.ToValueAsync<ChangeStatus>() : null;
    }

    /// <summary>The status from the raw memo of a DescribeWorkflowExecution response (see <see cref="ReadAsync(IReadOnlyDictionary{string, IEncodedRawValue})"/>).</summary>
    public static async Task<ChangeStatus?> ReadAsync(Memo? memo, DataConverter converter)
    {
        ArgumentNullException.ThrowIfNull(converter);
        if (memo is null || !memo.Fields.TryGetValue(Key, out var payload))
        {
            return null;
        }

        return IsPlainJson(payload, converter)
            ? JsonSerializer.Deserialize(payload.Data.Span, ChangeStatusJson.Default.ChangeStatus)
            : await converter.ToValueAsync<ChangeStatus>(payload);
    }

    /// <summary>The status from a listed change workflow's memo (see <see cref="ReadAsync(IReadOnlyDictionary{string, IEncodedRawValue})"/>).</summary>
    public static Task<ChangeStatus?> ReadAsync(WorkflowExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return ReadAsync(execution.Memo);
    }

    /// <summary>
    /// Whether the payload is plain JSON that needs no codec (no encryption). Karma's clients and workers all use the SDK's
    /// default JSON converter, whose options are <c>new JsonSerializerOptions()</c>; the compile-time metadata uses the same.
    /// </summary>
    private static bool IsPlainJson(Payload payload, DataConverter converter) =>
        converter.PayloadCodec is null
        && payload.Metadata.TryGetValue("encoding", out var encoding)
        && encoding.Span.SequenceEqual("json/plain"u8);
}
