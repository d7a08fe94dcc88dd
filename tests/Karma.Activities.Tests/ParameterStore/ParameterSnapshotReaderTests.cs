using Karma.Activities.ParameterStore;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class ParameterSnapshotReaderTests : IDisposable
{
    private readonly TempDirectory _home = new("karma-snapshot");
    private readonly LocalParameterStore _store;

    public ParameterSnapshotReaderTests() => _store = LocalParameterStore.InHome(_home.Path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snapshot_groups_config_and_runtime_per_component_and_ignores_other_names()
    {
        await _store.PutAsync(new ParameterWrite("/iac/vpc/main-vpc/config", """{"cidr":"10.0.0.0/16"}"""), Ct);
        await _store.PutAsync(new ParameterWrite("/iac/vpc/main-vpc/runtime", """{"vpc_id":"vpc-1"}"""), Ct);
        await _store.PutAsync(new ParameterWrite("/iac/lambda/api/config", """{"vpc_nickname":"main-vpc"}"""), Ct);
        await _store.PutAsync(new ParameterWrite("/iac/s3-bucket/logs/runtime", """{"bucket_name":"b"}"""), Ct);
        await _store.PutAsync(new ParameterWrite("/iac/environment", """{"name":"dev"}"""), Ct);
        await _store.PutAsync(new ParameterWrite("/iac/vpc/main-vpc/extra/deep", "x"), Ct);
        await _store.PutAsync(new ParameterWrite("/other/vpc/x/config", "{}"), Ct);

        var snapshot = await new ParameterSnapshotReader(_store).ReadAsync("iac/", Ct);

        Assert.Equal("/iac", snapshot.Prefix);
        Assert.Equal(
            [
                new ComponentParameters(new ComponentId("lambda", "api"), """{"vpc_nickname":"main-vpc"}""", null),
                new ComponentParameters(new ComponentId("s3-bucket", "logs"), null, """{"bucket_name":"b"}"""),
                new ComponentParameters(new ComponentId("vpc", "main-vpc"), """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}"""),
            ],
            snapshot.Components);
    }

    [Fact]
    public async Task Environment_parameter_is_parsed_with_its_fields()
    {
        await _store.PutAsync(
            new ParameterWrite(
                "/iac/environment",
                """{"name":"usekarma-dev-prod","environment":"prod","config_repo":"https://example.com/aws-config.git","config_branch":"main","allow_drift":true}"""),
            Ct);

        var environment = await new ParameterSnapshotReader(_store).ReadEnvironmentAsync(null, Ct);

        Assert.NotNull(environment);
        Assert.Equal(("usekarma-dev-prod", "prod", "https://example.com/aws-config.git", "main", true),
            (environment.Name, environment.Environment, environment.ConfigRepo, environment.ConfigBranch, environment.AllowDrift));
    }

    [Fact]
    public async Task Missing_environment_parameter_reads_as_null_and_a_malformed_one_is_a_clear_error()
    {
        var reader = new ParameterSnapshotReader(_store);
        Assert.Null(await reader.ReadEnvironmentAsync("/iac", Ct));

        await _store.PutAsync(new ParameterWrite("/iac/environment", "{not json"), Ct);
        var error = await Assert.ThrowsAsync<ParameterStoreException>(() => reader.ReadEnvironmentAsync("/iac", Ct));

        Assert.Contains("'/iac/environment' is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_prefix_is_refused()
    {
        await Assert.ThrowsAsync<InvalidParameterException>(() => new ParameterSnapshotReader(_store).ReadAsync("/bad prefix", Ct));
    }

    public void Dispose()
    {
        _store.Dispose();
        _home.Dispose();
    }
}
