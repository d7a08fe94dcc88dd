using Microsoft.Extensions.Configuration;

namespace Karma.Slack.Configuration;

/// <summary>
/// Reads <see cref="SlackOptions"/> from <c>Karma:Slack</c>, falling back to the conventional
/// SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET / SLACK_APP_TOKEN variables (as configuration keys, so the
/// environment-variable provider and tests both feed them).
/// </summary>
public static class SlackOptionsLoader
{
    public static SlackOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.SectionName);
        var options = new SlackOptions
        {
            BotToken = FirstSet(section["BotToken"], configuration["SLACK_BOT_TOKEN"]),
            SigningSecret = FirstSet(section["SigningSecret"], configuration["SLACK_SIGNING_SECRET"]),
            AppToken = FirstSet(section["AppToken"], configuration["SLACK_APP_TOKEN"]),
            DefaultChannel = FirstSet(section["DefaultChannel"]),
        };

        var baseUrl = section["ApiBaseUrl"];
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.ApiBaseUrl = ParseUrl(baseUrl, "ApiBaseUrl");
        }

        var temporalUi = section["TemporalUiUrl"];
        if (!string.IsNullOrWhiteSpace(temporalUi))
        {
            options.TemporalUiUrl = ParseUrl(temporalUi, "TemporalUiUrl");
        }

        foreach (var channel in section.GetSection("Channels").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(channel.Value))
            {
                options.Channels[channel.Key] = channel.Value;
            }
        }

        foreach (var user in section.GetSection("Users").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(user.Value))
            {
                options.Users[user.Key] = user.Value;
            }
        }

        options.ResolveUsersByEmail = ReadBool(section, "ResolveUsersByEmail", false);
        options.SocketMode = ReadBool(section, "SocketMode", !string.IsNullOrWhiteSpace(options.AppToken));
        options.MaxRequestBodyBytes = ReadInt(section, "MaxRequestBodyBytes", options.MaxRequestBodyBytes);
        options.InteractionQueueCapacity = ReadInt(section, "InteractionQueueCapacity", options.InteractionQueueCapacity);
        options.InteractionConcurrency = ReadInt(section, "InteractionConcurrency", options.InteractionConcurrency);
        return options;
    }

    private static string? FirstSet(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static Uri ParseUrl(string value, string key)
    {
        // Paths are appended as relative URLs, so the base must end with '/'.
        var text = value.EndsWith('/') ? value : value + "/";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new SlackConfigurationException($"{SlackOptions.SectionName}:{key} '{value}' is not an absolute http(s) URL.");
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new SlackConfigurationException($"{SlackOptions.SectionName}:{key} '{value}' is not true or false.");
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new SlackConfigurationException($"{SlackOptions.SectionName}:{key} '{value}' is not a positive integer.");
    }
}
