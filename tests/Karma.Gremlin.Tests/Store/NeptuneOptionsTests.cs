using Karma.Gremlin.Neptune;
using Microsoft.Extensions.Configuration;

namespace Karma.Gremlin.Tests.Store;

public sealed class NeptuneOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();

    [Fact]
    public void Neptune_is_selected_and_configured_from_Karma_Graph_settings()
    {
        var config = Config(
            ("Karma:Graph:Provider", "Neptune"),
            ("Karma:Graph:Neptune:Endpoint", "wss://db.cluster-x.us-east-1.neptune.amazonaws.com:8182/gremlin"),
            ("Karma:Graph:Neptune:Region", "us-east-1"),
            ("Karma:Graph:Neptune:Iam", "true"),
            ("Karma:Graph:Neptune:BatchSize", "150"));

        var options = NeptuneOptions.FromConfiguration(config);

        Assert.True(NeptuneOptions.IsSelected(config));
        Assert.True(options.Iam);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(150, options.BatchSize);
        Assert.Equal(8182, options.Endpoint.Port);
    }

    [Fact]
    public void A_local_gremlin_server_may_use_ws_without_IAM()
    {
        var options = NeptuneOptions.FromConfiguration(Config(("Karma:Graph:Neptune:Endpoint", "ws://localhost:8182/gremlin")));

        Assert.False(options.Iam);
        Assert.False(NeptuneOptions.IsSelected(Config()));
    }

    [Theory]
    [InlineData("", null, null, "Endpoint is required")]
    [InlineData("https://db:8182/gremlin", null, null, "must be a wss:// URI")]
    [InlineData("wss://db:8182/gremlin", "true", null, "Region is required")]
    [InlineData("ws://db:8182/gremlin", "true", "us-east-1", "needs a wss:// endpoint")]
    [InlineData("wss://db:8182/gremlin", "yes", null, "Iam must be true or false")]
    public void Bad_settings_fail_naming_the_key(string endpoint, string? iam, string? region, string message)
    {
        var pairs = new List<(string, string)> { ("Karma:Graph:Neptune:Endpoint", endpoint) };
        if (iam is not null)
        {
            pairs.Add(("Karma:Graph:Neptune:Iam", iam));
        }

        if (region is not null)
        {
            pairs.Add(("Karma:Graph:Neptune:Region", region));
        }

        var error = Assert.Throws<NeptuneConfigurationException>(() => NeptuneOptions.FromConfiguration(Config([.. pairs])));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Karma:Graph:Neptune:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_size_must_be_a_positive_number()
    {
        var error = Assert.Throws<NeptuneConfigurationException>(() => NeptuneOptions.FromConfiguration(Config(
            ("Karma:Graph:Neptune:Endpoint", "wss://db:8182/gremlin"), ("Karma:Graph:Neptune:BatchSize", "-3"))));

        Assert.Contains("Karma:Graph:Neptune:BatchSize", error.Message, StringComparison.Ordinal);
    }
}
