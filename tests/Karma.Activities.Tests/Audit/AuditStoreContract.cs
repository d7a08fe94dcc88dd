using System.Text.Json.Nodes;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;

namespace Karma.Activities.Tests.Audit;

/// <summary>
/// What every audit store promises (<see cref="IAuditStore"/>), run against the file store, DynamoDB on moto and S3
/// on moto: append-only, idempotent on the entry id, reads in time order, the filters of karma log and GET /log.
/// </summary>
public abstract class AuditStoreContract
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IAuditStore> CreateStoreAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_trail_reads_empty()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ReadAsync(AuditQuery.All, Ct));
    }

    [Fact]
    public async Task An_entry_reads_back_as_written()
    {
        var store = await CreateStoreAsync();
        var entry = Entry("a-1", Noon, "vpc/main", change: "c-1") with { Inputs = new JsonObject { ["cidr"] = "10.0.0.0/16", ["n"] = 3 } };
        Assert.True(await store.AppendAsync(entry, Ct));
        var read = Assert.Single(await store.ReadAsync(AuditQuery.All, Ct));
        Assert.Equal(AuditEntryText(entry), AuditEntryText(read));
    }

    [Fact]
    public async Task A_retried_append_of_the_same_id_stores_one_entry()
    {
        var store = await CreateStoreAsync();
        var entry = Entry("retry-1", Noon, "vpc/main");
        Assert.True(await store.AppendAsync(entry, Ct));
        Assert.False(await store.AppendAsync(entry, Ct));
        Assert.False(await store.AppendAsync(entry with { Timestamp = Noon.AddMinutes(5) }, Ct));
        Assert.Equal("retry-1", Assert.Single(await store.ReadAsync(AuditQuery.All, Ct)).Id);
    }

    [Fact]
    public async Task Reads_are_in_time_order_whatever_the_append_order()
    {
        var store = await CreateStoreAsync();
        foreach (var (id, at) in new[] { ("c", Noon.AddDays(1)), ("a", Noon.AddDays(-1)), ("d", Noon.AddDays(1).AddTicks(1)), ("b", Noon) })
        {
            await store.AppendAsync(Entry(id, at, "vpc/main"), Ct);
        }

        Assert.Equal(["a", "b", "c", "d"], (await store.ReadAsync(AuditQuery.All, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task The_filters_of_karma_log_are_served_by_the_store()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Entry("1", Noon.AddHours(-2), "vpc/main", action: AuditActions.ChangeRequested, user: "alice", change: "c-1"), Ct);
        await store.AppendAsync(Entry("2", Noon, "vpc/main", action: AuditActions.TerraformApplied, user: "bob", change: "c-1"), Ct);
        await store.AppendAsync(Entry("3", Noon.AddHours(1), "ecs-cluster/main", action: AuditActions.TerraformApplied, user: "alice", change: "c-2"), Ct);
        await store.AppendAsync(Entry("4", Noon.AddDays(2), "vpc/main", action: AuditActions.TerraformApplied, user: "alice"), Ct);

        async Task<string> Ids(AuditQuery query) => string.Join(",", (await store.ReadAsync(query, Ct)).Select(e => e.Id));
        Assert.Equal("1,2,4", await Ids(new AuditQuery(Component: "vpc/main")));
        Assert.Equal("2,3,4", await Ids(new AuditQuery(Action: AuditActions.TerraformApplied)));
        Assert.Equal("1,3,4", await Ids(new AuditQuery(User: "alice")));
        Assert.Equal("1,2", await Ids(new AuditQuery(ChangeId: "c-1")));
        Assert.Equal("2,3", await Ids(new AuditQuery(Since: Noon, Until: Noon.AddHours(1))));
        Assert.Equal("2,4", await Ids(new AuditQuery(Component: "vpc/main", Since: Noon)));
        Assert.Equal("1,2", await Ids(new AuditQuery(Component: "vpc/main", Until: Noon.AddHours(1))));
        Assert.Equal("4", await Ids(new AuditQuery(Component: "vpc/main", Action: AuditActions.TerraformApplied, User: "alice")));
        Assert.Equal(string.Empty, await Ids(new AuditQuery(Component: "s3-bucket/assets")));
    }

    [Fact]
    public async Task Ids_and_components_with_unusual_characters_round_trip()
    {
        var store = await CreateStoreAsync();
        var entry = Entry("karma/dev/vpc/main#c 1?x=1", Noon, "vpc/main_2");
        await store.AppendAsync(entry, Ct);
        var read = Assert.Single(await store.ReadAsync(new AuditQuery(Component: "vpc/main_2"), Ct));
        Assert.Equal(entry.Id, read.Id);
    }

    private static AuditEntry Entry(string id, DateTimeOffset at, string component, string action = AuditActions.ChangeRequested, string user = "alice", string? change = null) =>
        new(id, at, action, component, user, "cli", [], "ok", change);

    private static string AuditEntryText(AuditEntry entry) => System.Text.Json.JsonSerializer.Serialize(entry);
}
