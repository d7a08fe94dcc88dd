using System.Text.Json;
using Karma.Core.Lifecycle;

namespace Karma.Activities.Audit;

/// <summary>An entry as the shared stores keep it: the same JSON as a line of the file store.</summary>
internal static class AuditEntryJson
{
    public static string Write(AuditEntry entry) => JsonSerializer.Serialize(entry);

    public static AuditEntry Read(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditEntry>(json) ?? throw new FormatException($"{where}: empty audit entry.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: not an audit entry: {e.Message}", e);
        }
    }

    /// <summary>UTC, fixed width, so that string order is time order (DynamoDB sort keys, S3 key listing).</summary>
    public static string SortableTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
