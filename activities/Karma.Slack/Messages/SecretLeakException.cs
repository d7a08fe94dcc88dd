namespace Karma.Slack.Messages;

/// <summary>A message about <see cref="ChangeId"/> would have carried a secret; it was not sent. The secret is not in this exception.</summary>
public sealed class SecretLeakException : Exception
{
    public SecretLeakException(string changeId)
        : base($"A Slack message for change '{changeId}' would contain a secret value; it was not sent.")
    {
        ChangeId = changeId;
    }

    public SecretLeakException()
        : this("unknown")
    {
    }

    public SecretLeakException(string message, Exception innerException)
        : base(message, innerException)
    {
        ChangeId = "unknown";
    }

    public string ChangeId { get; }
}
