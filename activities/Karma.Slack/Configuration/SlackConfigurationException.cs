namespace Karma.Slack.Configuration;

/// <summary>Slack settings are missing or invalid; the message names the setting.</summary>
public sealed class SlackConfigurationException : Exception
{
    public SlackConfigurationException(string message)
        : base(message)
    {
    }

    public SlackConfigurationException()
    {
    }

    public SlackConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
