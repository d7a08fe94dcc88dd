using Karma.Activities.Configuration;
using Karma.Activities.ParameterStore;
using Karma.Testing;

namespace Karma.Activities.Tests.Configuration;

public sealed class ParameterStoreFactoryTests : IDisposable
{
    private readonly TempDirectory _home = new("karma-factory");

    [Fact]
    public void Local_provider_opens_the_store_under_home()
    {
        var options = KarmaConfigurationLoader.Load(new KarmaConfigurationInput
        {
            EnvironmentVariables = new Dictionary<string, string?> { ["KARMA_HOME"] = _home.Path },
        }).Options;

        using var store = (LocalParameterStore)ParameterStoreFactory.Create(options);

        Assert.Equal(Path.Combine(_home.Path, "parameters.db"), store.DatabasePath);
    }

    [Fact]
    public void Aws_provider_uses_the_configured_service_url()
    {
        var options = KarmaConfigurationLoader.Load(new KarmaConfigurationInput
        {
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["KARMA_HOME"] = _home.Path,
                ["Karma__ParameterStore__ServiceUrl"] = "http://127.0.0.1:4566",
                ["Karma__ParameterStore__Region"] = "eu-west-1",
                ["AWS_REGION"] = "eu-west-1",
            },
        }).Options;

        using var store = (AwsParameterStore)ParameterStoreFactory.Create(options);

        Assert.Equal("http://127.0.0.1:4566", store.Endpoint);
    }

    public void Dispose() => _home.Dispose();
}
