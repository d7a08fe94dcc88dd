using System.Text.Json.Serialization;

namespace Karma.Core.Lifecycle;

/// <summary>Where a proposal or an approval came from; approval policies restrict which sources may approve.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeSource>))]
public enum ChangeSource
{
    Cli,
    Api,
    Slack,
}

public static class ChangeSources
{
    public static string ToWire(this ChangeSource source) => source switch
    {
        ChangeSource.Cli => "cli",
        ChangeSource.Api => "api",
        ChangeSource.Slack => "slack",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown change source."),
    };

    public static ChangeSource Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cli" => ChangeSource.Cli,
        "api" => ChangeSource.Api,
        "slack" => ChangeSource.Slack,
        _ => throw new FormatException($"'{text}' is not a change source (cli, api, slack)."),
    };
}
