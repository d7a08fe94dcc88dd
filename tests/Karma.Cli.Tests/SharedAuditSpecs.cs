using System.Text.Json.Nodes;
using Karma.Activities.Audit;
using Karma.Core.Lifecycle;
using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>
/// A third machine reads the trail the workers wrote to a shared store: <c>karma log</c> reads whatever
/// Karma:Audit:Store names (DynamoDB and S3 on moto here), with the filters served by that store.
/// </summary>
public sealed class SharedAuditSpecs(SharedAuditSpecs.Moto moto) : IClassFixture<SharedAuditSpecs.Moto>, IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("karma-cli-audit");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Karma_log_lists_one_components_entries_from_dynamodb()
    {
        moto.Server.Require();
        var table = $"audit-{Guid.NewGuid():N}";
        using (var client = MotoClients.DynamoDb(moto.Server))
        using (var store = new DynamoDbAuditStore(client, table, createTable: true))
        {
            await WriteTrailAsync(store);
        }

        var run = await Karma(("Karma__Audit__Store", "dynamodb"), ("Karma__Audit__DynamoDb__Table", table), ("Karma__Audit__DynamoDb__ServiceUrl", moto.Server.Endpoint))
            .RunAsync(_temp.Path, "log", "list", "--component", "vpc/main");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("terraform_applied", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("change_requested", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("ecs-cluster/main", run.StdOut, StringComparison.Ordinal);
        Assert.True(run.StdOut.IndexOf("change_requested", StringComparison.Ordinal) < run.StdOut.IndexOf("terraform_applied", StringComparison.Ordinal), run.StdOut);
    }

    [Fact]
    public async Task Karma_log_greps_actions_from_s3()
    {
        moto.Server.Require();
        var bucket = $"audit-{Guid.NewGuid():N}";
        using (var client = MotoClients.S3(moto.Server))
        {
            await client.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
            await WriteTrailAsync(new S3AuditStore(client, bucket, "karma/audit"));
        }

        var run = await Karma(("Karma__Audit__Store", "s3"), ("Karma__Audit__S3__Bucket", bucket), ("Karma__Audit__S3__Prefix", "karma/audit"), ("Karma__Audit__S3__ServiceUrl", moto.Server.Endpoint))
            .RunAsync(_temp.Path, "log", "grep", "--action", "terraform_applied");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("vpc/main", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("ecs-cluster/main", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("change_requested", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_is_a_backend_error_naming_the_table_and_the_setting()
    {
        moto.Server.Require();
        var run = await Karma(("Karma__Audit__Store", "dynamodb"), ("Karma__Audit__DynamoDb__Table", "no-such-table"), ("Karma__Audit__DynamoDb__ServiceUrl", moto.Server.Endpoint))
            .RunAsync(_temp.Path, "log", "list");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("'no-such-table' does not exist", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("Karma:Audit:DynamoDb:CreateTable", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dynamodb_store_without_a_table_is_a_usage_error()
    {
        var run = await Karma(("Karma__Audit__Store", "dynamodb")).RunAsync(_temp.Path, "log", "list");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Karma:Audit:DynamoDb:Table", run.StdErr, StringComparison.Ordinal);
    }

    private static async Task WriteTrailAsync(Core.Ports.IAuditStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        await store.AppendAsync(new AuditEntry("e-2", Noon, AuditActions.TerraformApplied, "vpc/main", "bob", "cli", new JsonObject(), "ok", "c-1"), ct);
        await store.AppendAsync(new AuditEntry("e-1", Noon.AddMinutes(-5), AuditActions.ChangeRequested, "vpc/main", "alice", "cli", new JsonObject(), "ok", "c-1"), ct);
        await store.AppendAsync(new AuditEntry("e-3", Noon.AddMinutes(1), AuditActions.TerraformApplied, "ecs-cluster/main", "bob", "cli", new JsonObject(), "ok", "c-2"), ct);
    }

    private KarmaProcess Karma(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretAccessKey,
            ["AWS_REGION"] = MotoServer.Region,
            ["Karma__ParameterStore__Provider"] = "local",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return new KarmaProcess(_temp.Combine("home"), environment);
    }

    /// <summary>One moto server for these specs.</summary>
    public sealed class Moto : IAsyncLifetime
    {
        public MotoServer Server { get; } = new();

        public ValueTask InitializeAsync() => Server.InitializeAsync();

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
