namespace Karma.Cli.Infrastructure;

public enum OutputFormat
{
    Text,
    Json,
}
