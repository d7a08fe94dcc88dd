using System.Globalization;
using Google.Protobuf;
using Karma.TemporalDev.Rpc;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Opaque task tokens handed to workers. Plain text inside: they only need to find the task again and to
/// tell a current attempt from a stale one.
/// </summary>
internal static class TaskTokens
{
    public static ByteString ForWorkflowTask(string runId, long scheduledId, int attempt) => Encode("wft", runId, scheduledId, attempt);

    public static ByteString ForActivity(string runId, long scheduledId, int attempt) => Encode("act", runId, scheduledId, attempt);

    public static ByteString ForQuery(string queryId) => ByteString.CopyFromUtf8("qry|" + queryId);

    public static (string RunId, long ScheduledId, int Attempt) ParseWorkflowTask(ByteString token) => Decode(token, "wft");

    public static (string RunId, long ScheduledId, int Attempt) ParseActivity(ByteString token) => Decode(token, "act");

    public static string ParseQuery(ByteString token)
    {
        var text = token.ToStringUtf8();
        return text.StartsWith("qry|", StringComparison.Ordinal) ? text[4..] : throw RpcErrors.InvalidArgument("Malformed query task token.");
    }

    private static ByteString Encode(string kind, string runId, long scheduledId, int attempt) =>
        ByteString.CopyFromUtf8(string.Create(CultureInfo.InvariantCulture, $"{kind}|{runId}|{scheduledId}|{attempt}"));

    private static (string, long, int) Decode(ByteString token, string kind)
    {
        var parts = token.ToStringUtf8().Split('|');
        if (parts.Length != 4 || parts[0] != kind
            || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var scheduled)
            || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempt))
        {
            throw RpcErrors.InvalidArgument($"Malformed {(kind == "act" ? "activity" : "workflow")} task token.");
        }

        return (parts[1], scheduled, attempt);
    }
}
