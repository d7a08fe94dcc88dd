namespace Karma.Activities.Configuration;

/// <summary>An invalid or unknown configuration key, naming the key and where its value came from.</summary>
public sealed class KarmaConfigurationException : Exception
{
    public KarmaConfigurationException(string key, string source, string problem)
        : base($"Configuration error at '{key}' (from {source}): {problem}")
    {
        Key = key;
        Source = source;
    }

    public KarmaConfigurationException(string key, string source, string problem, Exception innerException)
        : base($"Configuration error at '{key}' (from {source}): {problem}", innerException)
    {
        Key = key;
        Source = source;
    }

    public string Key { get; }

    public new string Source { get; }
}
