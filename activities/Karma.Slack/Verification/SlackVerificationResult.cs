namespace Karma.Slack.Verification;

/// <summary>Why a request was accepted or refused (the reason is logged; the signature never is).</summary>
public enum SlackVerificationResult
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    BadSignature,
    Replayed,

    /// <summary>The replay cache is full of unexpired entries; refusing is safer than forgetting one.</summary>
    ReplayCacheFull,
}
