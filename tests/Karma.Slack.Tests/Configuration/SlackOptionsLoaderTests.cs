using Karma.Slack.Configuration;
using Microsoft.Extensions.Configuration;

namespace Karma.Slack.Tests.Configuration;

public sealed class SlackOptionsLoaderTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Karma_settings_win_over_the_conventional_variables()
    {
        var options = SlackOptionsLoader.Load(Config(
            ("Karma:Slack:BotToken", "xoxb-from-karma"),
            ("SLACK_BOT_TOKEN", "xoxb-from-env"),
            ("SLACK_SIGNING_SECRET", "secret-from-env"),
            ("Karma:Slack:ApiBaseUrl", "http://127.0.0.1:5000/api"),
            ("Karma:Slack:Channels:prod", "C-PROD"),
            ("Karma:Slack:Users:U123", "alice@example.com")));

        Assert.Equal("xoxb-from-karma", options.BotToken);
        Assert.Equal("secret-from-env", options.SigningSecret);
        Assert.Equal(new Uri("http://127.0.0.1:5000/api/"), options.ApiBaseUrl);
        Assert.Equal("C-PROD", options.ChannelFor("PROD"));
        Assert.Equal("alice@example.com", options.Users["U123"]);
        Assert.False(options.SocketMode);
    }

    [Fact]
    public void Defaults_point_at_slack_and_an_app_token_turns_socket_mode_on()
    {
        var options = SlackOptionsLoader.Load(Config(("Karma:Slack:AppToken", "xapp-1-abc")));

        Assert.Equal(new Uri("https://slack.com/api/"), options.ApiBaseUrl);
        Assert.True(options.SocketMode);
    }

    [Fact]
    public void A_missing_channel_names_the_environment_and_the_settings()
    {
        var options = SlackOptionsLoader.Load(Config(("Karma:Slack:Channels:dev", "C-DEV")));

        var error = Assert.Throws<SlackConfigurationException>(() => options.ChannelFor("prod"));

        Assert.Contains("'prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Karma:Slack:Channels:prod", error.Message, StringComparison.Ordinal);
        options.DefaultChannel = "C-ALL";
        Assert.Equal("C-ALL", options.ChannelFor("prod"));
    }

    [Theory]
    [InlineData("Karma:Slack:ApiBaseUrl", "not a url", "ApiBaseUrl")]
    [InlineData("Karma:Slack:ResolveUsersByEmail", "maybe", "ResolveUsersByEmail")]
    [InlineData("Karma:Slack:InteractionQueueCapacity", "-3", "InteractionQueueCapacity")]
    public void Bad_values_name_the_setting(string key, string value, string named)
    {
        var error = Assert.Throws<SlackConfigurationException>(() => SlackOptionsLoader.Load(Config((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_tokens()
    {
        var options = new SlackOptions { BotToken = "xoxb-very-secret", SigningSecret = "sign-secret", AppToken = "xapp-1-secret" };

        var text = options.ToString();

        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("xapp-1-secret", text, StringComparison.Ordinal);
        Assert.Contains("BotToken=set", text, StringComparison.Ordinal);
    }
}
