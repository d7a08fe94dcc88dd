namespace Karma.Slack.Interactions;

/// <summary>An interaction body is not what Slack documents; the message says what is missing where.</summary>
public sealed class SlackPayloadException : Exception
{
    public SlackPayloadException(string message)
        : base(message)
    {
    }

    public SlackPayloadException()
    {
    }

    public SlackPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
