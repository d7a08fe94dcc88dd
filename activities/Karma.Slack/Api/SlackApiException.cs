namespace Karma.Slack.Api;

/// <summary>
/// A Slack Web API call failed. <see cref="Error"/> is Slack's own error code (e.g. <c>channel_not_found</c>),
/// or <c>http_NNN</c> when Slack answered with an HTTP error. Never carries the token.
/// </summary>
public class SlackApiException : Exception
{
    public SlackApiException(string method, string error, int? httpStatus = null, Exception? innerException = null)
        : base($"Slack API {method} failed: {error}", innerException)
    {
        Method = method;
        Error = error;
        HttpStatus = httpStatus;
    }

    public SlackApiException()
        : this("unknown", "unknown")
    {
    }

    public SlackApiException(string message)
        : this("unknown", message)
    {
    }

    public SlackApiException(string message, Exception innerException)
        : this("unknown", message, null, innerException)
    {
    }

    public string Method { get; }

    public string Error { get; }

    public int? HttpStatus { get; }
}
