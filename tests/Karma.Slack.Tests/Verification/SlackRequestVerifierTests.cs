using System.Text;
using Karma.Slack.Tests.Support;
using Karma.Slack.Verification;

namespace Karma.Slack.Tests.Verification;

public sealed class SlackRequestVerifierTests
{
    // The worked example from Slack's "Verifying requests from Slack" documentation.
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly byte[] DocBody = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar" +
        "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands" +
        "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Slacks_documented_example_verifies()
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime.AddSeconds(3)));

        Assert.Equal(SlackVerificationResult.Valid, verifier.Verify(DocTimestamp, DocSignature, DocBody));
        Assert.Equal(DocSignature, SlackRequestVerifier.Sign(DocSecret, DocTimestamp, DocBody));
    }

    [Fact]
    public void A_different_secret_a_changed_body_or_a_garbled_signature_is_refused()
    {
        var clock = new ManualTimeProvider(DocTime);
        var tampered = DocBody.ToArray();
        tampered[^1] ^= 1;

        Assert.Equal(SlackVerificationResult.BadSignature, new SlackRequestVerifier("another-secret", clock).Verify(DocTimestamp, DocSignature, DocBody));
        Assert.Equal(SlackVerificationResult.BadSignature, new SlackRequestVerifier(DocSecret, clock).Verify(DocTimestamp, DocSignature, tampered));
        Assert.Equal(SlackVerificationResult.BadSignature, new SlackRequestVerifier(DocSecret, clock).Verify(DocTimestamp, "v0=zz" + DocSignature[5..], DocBody));
        Assert.Equal(SlackVerificationResult.BadSignature, new SlackRequestVerifier(DocSecret, clock).Verify(DocTimestamp, "v1" + DocSignature[2..], DocBody));
        Assert.Equal(SlackVerificationResult.BadSignature, new SlackRequestVerifier(DocSecret, clock).Verify(DocTimestamp, DocSignature[..^2], DocBody));
    }

    [Fact]
    public void The_timestamp_is_part_of_the_signature()
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime));

        Assert.Equal(SlackVerificationResult.BadSignature, verifier.Verify("1531420619", DocSignature, DocBody));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400)]
    public void Timestamps_more_than_five_minutes_away_are_stale(int offsetSeconds)
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime.AddSeconds(offsetSeconds)));

        Assert.Equal(SlackVerificationResult.StaleTimestamp, verifier.Verify(DocTimestamp, DocSignature, DocBody));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void Timestamps_inside_the_window_are_accepted(int offsetSeconds)
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime.AddSeconds(offsetSeconds)));

        Assert.Equal(SlackVerificationResult.Valid, verifier.Verify(DocTimestamp, DocSignature, DocBody));
    }

    [Fact]
    public void A_replayed_request_is_refused_even_with_the_hex_in_upper_case()
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime));

        Assert.Equal(SlackVerificationResult.Valid, verifier.Verify(DocTimestamp, DocSignature, DocBody));
        Assert.Equal(SlackVerificationResult.Replayed, verifier.Verify(DocTimestamp, DocSignature, DocBody));
        Assert.Equal(SlackVerificationResult.Replayed, verifier.Verify(DocTimestamp, "v0=" + DocSignature[3..].ToUpperInvariant(), DocBody));
    }

    [Theory]
    [InlineData(null, DocSignature, SlackVerificationResult.MissingHeaders)]
    [InlineData(DocTimestamp, null, SlackVerificationResult.MissingHeaders)]
    [InlineData("", "", SlackVerificationResult.MissingHeaders)]
    [InlineData("15314206l8", DocSignature, SlackVerificationResult.MalformedTimestamp)]
    [InlineData("-1531420618", DocSignature, SlackVerificationResult.MalformedTimestamp)]
    [InlineData("99999999999999999999", DocSignature, SlackVerificationResult.MalformedTimestamp)]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature, SlackVerificationResult expected)
    {
        var verifier = new SlackRequestVerifier(DocSecret, new ManualTimeProvider(DocTime));

        Assert.Equal(expected, verifier.Verify(timestamp, signature, DocBody));
    }

    [Fact]
    public void The_replay_cache_forgets_entries_once_the_timestamp_check_would_refuse_them()
    {
        var clock = new ManualTimeProvider(DocTime);
        var cache = new ReplayCache(capacity: 2);
        var verifier = new SlackRequestVerifier(DocSecret, clock, cache);
        string Ts(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        SlackVerificationResult Send(string body)
        {
            var ts = Ts(clock.Now);
            var bytes = Encoding.UTF8.GetBytes(body);
            return verifier.Verify(ts, SlackRequestVerifier.Sign(DocSecret, ts, bytes), bytes);
        }

        Assert.Equal(SlackVerificationResult.Valid, Send("a"));
        Assert.Equal(SlackVerificationResult.Valid, Send("b"));
        Assert.Equal(SlackVerificationResult.ReplayCacheFull, Send("c"));

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2));

        Assert.Equal(SlackVerificationResult.Valid, Send("c"));
        Assert.Equal(1, cache.Count);
    }
}
