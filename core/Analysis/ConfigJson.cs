using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Karma.Core.Analysis;

/// <summary>Parsing, hashing and comparing config JSON.</summary>
public static class ConfigJson
{
    // Strict JSON, as the Python publish scripts and Terraform's jsondecode read it: no comments, no trailing commas.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public static JsonDocument Parse(string json) => JsonDocument.Parse(json, ParseOptions);

    /// <summary>Parses, or returns null with a message (1-based line and byte column) on malformed JSON.</summary>
    public static JsonDocument? TryParse(string json, out MalformedJsonInfo? error)
    {
        try
        {
            error = null;
            return Parse(json);
        }
        catch (JsonException exception)
        {
            error = MalformedJsonInfo.From(exception);
            return null;
        }
    }

    // Only the escapes JSON requires: "<", "&", "'" and non-ASCII text stay as written, as Python's and Terraform's
    // encoders would leave them, so published values stay readable and byte-comparable.
    private static readonly JsonWriterOptions CompactOptions = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Compact JSON (no insignificant whitespace, minimal escaping), property order kept.</summary>
    public static byte[] Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            element.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Lower-case hex SHA-256 of the compact JSON.</summary>
    public static string Hash(JsonElement element) => HashCompact(Compact(element));

    /// <summary>Lower-case hex SHA-256 of already compact JSON bytes.</summary>
    public static string HashCompact(ReadOnlySpan<byte> compact) => Convert.ToHexStringLower(SHA256.HashData(compact));

    /// <summary>Whether <paramref name="text"/> is exactly <paramref name="utf8"/> (ordinal, no parsing).</summary>
    public static bool SameText(ReadOnlySpan<byte> utf8, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) != utf8.Length)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return utf8.SequenceEqual(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Lower-case hex SHA-256 of raw text (for files that do not parse).</summary>
    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Semantic equality: property order, whitespace and number spelling (1.0 vs 1) do not matter.</summary>
    public static bool SemanticallyEqual(JsonElement left, JsonElement right) => JsonElement.DeepEquals(left, right);
}

/// <summary>Where and why JSON failed to parse. Line and column are 1-based; the column counts UTF-8 bytes.</summary>
public sealed record MalformedJsonInfo(long Line, long Column, string Reason)
{
    public static MalformedJsonInfo From(JsonException exception)
    {
        var reason = exception.Message;

        // System.Text.Json appends its own 0-based "Path: … | LineNumber: … | BytePositionInLine: …"; we print 1-based.
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = reason.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }
        }

        return new MalformedJsonInfo((exception.LineNumber ?? 0) + 1, (exception.BytePositionInLine ?? 0) + 1, reason.Trim());
    }
}
