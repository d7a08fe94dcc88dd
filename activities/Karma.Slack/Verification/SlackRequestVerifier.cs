using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Karma.Slack.Verification;

/// <summary>
/// Checks Slack's request signature: <c>v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body))</c>
/// compared in constant time with X-Slack-Signature; the timestamp must be within
/// <see cref="Window"/> of now; a request already accepted is refused if it comes again.
/// </summary>
public sealed class SlackRequestVerifier
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    private const string Version = "v0";

    private readonly byte[] key;
    private readonly TimeProvider time;
    private readonly ReplayCache replays;

    public SlackRequestVerifier(string signingSecret, TimeProvider? time = null, ReplayCache? replays = null, TimeSpan? window = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingSecret);
        key = Encoding.UTF8.GetBytes(signingSecret);
        this.time = time ?? TimeProvider.System;
        this.replays = replays ?? new ReplayCache();
        Window = window ?? TimeSpan.FromMinutes(5);
    }

    public TimeSpan Window { get; }

    public SlackVerificationResult Verify(string? timestamp, string? signature, ReadOnlySpan<byte> rawBody)
    {
        if (string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature))
        {
            return SlackVerificationResult.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SlackVerificationResult.MalformedTimestamp;
        }

        var now = time.GetUtcNow();
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sentAt).Duration() > Window)
        {
            return SlackVerificationResult.StaleTimestamp;
        }

        var expected = Compute(key, timestamp, rawBody);
        if (!SignatureMatches(expected, signature))
        {
            return SlackVerificationResult.BadSignature;
        }

        // Keyed by the computed MAC, not the header text: "V0=ABC…" in upper case must not pass as a new request.
        // After the expiry the timestamp check alone refuses the request, so the entry can go.
        return replays.TryAdd(Convert.ToHexString(expected), now, sentAt + Window + TimeSpan.FromSeconds(1)) switch
        {
            ReplayCacheResult.Added => SlackVerificationResult.Valid,
            ReplayCacheResult.Seen => SlackVerificationResult.Replayed,
            _ => SlackVerificationResult.ReplayCacheFull,
        };
    }

    /// <summary>The signature Slack would send for this body at this timestamp (also used by tests and tools).</summary>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingSecret);
        return Version + "=" + Convert.ToHexStringLower(Compute(Encoding.UTF8.GetBytes(signingSecret), timestamp, rawBody));
    }

    private static bool SignatureMatches(byte[] expected, string signature)
    {
        const string prefix = Version + "=";
        if (!signature.StartsWith(prefix, StringComparison.Ordinal) || signature.Length != prefix.Length + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static byte[] Compute(byte[] key, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(rawBody);
        return hmac.GetHashAndReset();
    }
}
