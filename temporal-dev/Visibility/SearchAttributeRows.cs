using System.Globalization;
using System.Text.Json;
using Karma.TemporalDev.Persistence;
using Temporalio.Api.Common.V1;

namespace Karma.TemporalDev.Visibility;

/// <summary>
/// Decodes search-attribute payloads (json/plain data, indexed-value type in the "type" metadata) into rows
/// the visibility queries can filter on: text for keywords/text/datetimes, a number for ints/doubles/bools.
/// </summary>
internal static class SearchAttributeRows
{
    public static IReadOnlyList<SearchAttributeRow> From(byte[]? encoded)
    {
        if (encoded is null)
        {
            return [];
        }

        var rows = new List<SearchAttributeRow>();
        foreach (var (name, payload) in SearchAttributes.Parser.ParseFrom(encoded).IndexedFields)
        {
            rows.AddRange(Decode(name, payload));
        }

        return rows;
    }

    public static SearchAttributes Merge(byte[]? existing, SearchAttributes? upsert)
    {
        var merged = existing is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(existing);
        if (upsert is null)
        {
            return merged;
        }

        foreach (var (name, payload) in upsert.IndexedFields)
        {
            // An empty payload removes the attribute (how the SDKs "unset" one).
            if (payload.Data.IsEmpty || payload.Data.ToStringUtf8() is "null" or "[]")
            {
                merged.IndexedFields.Remove(name);
            }
            else
            {
                merged.IndexedFields[name] = payload;
            }
        }

        return merged;
    }

    private static IEnumerable<SearchAttributeRow> Decode(string name, Payload payload)
    {
        var type = payload.Metadata.TryGetValue("type", out var t) ? t.ToStringUtf8() : "Keyword";
        JsonElement value;
        try
        {
            value = JsonDocument.Parse(payload.Data.Memory).RootElement.Clone();
        }
        catch (JsonException)
        {
            yield break;
        }

        var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var v in values)
        {
            yield return v.ValueKind switch
            {
                JsonValueKind.String when type == "Datetime" && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt) =>
                    new SearchAttributeRow(name, type, v.GetString(), dt.ToUnixTimeMilliseconds()),
                JsonValueKind.String => new SearchAttributeRow(name, type, v.GetString(), null),
                JsonValueKind.Number => new SearchAttributeRow(name, type, null, v.GetDouble()),
                JsonValueKind.True => new SearchAttributeRow(name, type, "true", 1),
                JsonValueKind.False => new SearchAttributeRow(name, type, "false", 0),
                _ => new SearchAttributeRow(name, type, v.GetRawText(), null),
            };
        }
    }
}
