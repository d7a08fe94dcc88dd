using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class AwsParameterStoreTests(MotoServer moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Endpoint_comes_from_AWS_ENDPOINT_URL_SSM_before_AWS_ENDPOINT_URL()
    {
        moto.Require();
        var settings = new AwsParameterStoreSettings
        {
            Credentials = new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AWS_ENDPOINT_URL_SSM"] = moto.Endpoint,
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
                ["AWS_REGION"] = "eu-west-1",
            },
        };
        using var store = AwsParameterStore.Create(settings);
        var name = $"/env-endpoint-{Guid.NewGuid():N}/x";

        await store.PutAsync(new ParameterWrite(name, "1"), Ct);

        Assert.Equal(moto.Endpoint, store.Endpoint);
        Assert.Equal("1", (await store.GetAsync(name, false, Ct)).Value);
    }

    [Fact]
    public async Task Unreachable_endpoint_fails_with_a_message_naming_it()
    {
        var endpoint = $"http://127.0.0.1:{ClosedPort()}";
        using var store = AwsParameterStore.Create(new AwsParameterStoreSettings
        {
            ServiceUrl = endpoint,
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("a", "b"),
            RequestTimeout = TimeSpan.FromSeconds(5),
        });

        var error = await Assert.ThrowsAsync<ParameterStoreException>(() => store.GetAsync("/iac/vpc/main/config", false, Ct));

        Assert.StartsWith($"Cannot reach Parameter Store at {endpoint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_url_that_is_not_http_is_refused()
    {
        var error = Assert.Throws<ParameterStoreException>(
            () => AwsParameterStore.Create(new AwsParameterStoreSettings { ServiceUrl = "localhost:4566", Region = "us-east-1" }));

        Assert.Contains("localhost:4566", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_until_it_succeeds()
    {
        var delays = new List<TimeSpan>();
        var retry = new ThrottlingRetry(
            ex => ex is ThrottlingException,
            maxAttempts: 5,
            baseDelay: TimeSpan.FromMilliseconds(100),
            delay: (d, _) =>
            {
                delays.Add(d);
                return Task.CompletedTask;
            });
        var calls = 0;

        var result = await retry.ExecuteAsync(
            _ => ++calls < 4 ? throw new ThrottlingException("Rate exceeded") : Task.FromResult("ok"),
            Ct);

        Assert.Equal(("ok", 4), (result, calls));
        Assert.Equal(3, delays.Count);
        // Full jitter keeps each wait within [ceiling/2, ceiling], and the ceiling doubles.
        Assert.InRange(delays[0].TotalMilliseconds, 50, 100);
        Assert.InRange(delays[1].TotalMilliseconds, 100, 200);
        Assert.InRange(delays[2].TotalMilliseconds, 200, 400);
    }

    [Fact]
    public async Task Throttling_gives_up_after_the_last_attempt_and_other_errors_are_not_retried()
    {
        var retry = new ThrottlingRetry(ex => ex is ThrottlingException, maxAttempts: 3, delay: (_, _) => Task.CompletedTask);
        var throttled = 0;
        var failed = 0;

        await Assert.ThrowsAsync<ThrottlingException>(
            () => retry.ExecuteAsync<int>(_ => throw new ThrottlingException($"throttled {++throttled}"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => retry.ExecuteAsync<int>(_ => throw new InvalidOperationException($"broken {++failed}"), Ct));

        Assert.Equal((3, 1), (throttled, failed));
    }

    private static int ClosedPort()
    {
        // Bind then release: nothing listens there afterwards, so connections are refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
