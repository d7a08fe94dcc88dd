using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.Lifecycle;

/// <summary>
/// The Parameter Store contract's invariant on the real local store: a plan sees its proposed config, and afterwards the
/// parameter is exactly as before (value and tier, or absent), whatever the plan did; writers of one component take turns.
/// </summary>
public sealed class ConfigParameterGuardTests : IDisposable
{
    private const string Env = "dev";
    private const string Path = "/iac/vpc/main/config";
    private static readonly ComponentId Vpc = new("vpc", "main");

    private readonly TempDirectory _home = new("karma-guard");
    private readonly LocalParameterStore _store;
    private readonly ConfigParameterGuard _guard;

    public ConfigParameterGuardTests()
    {
        _store = LocalParameterStore.InHome(_home.Path);
        _guard = new ConfigParameterGuard(_store, new LifecycleOptions { KarmaHome = _home.Path });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plan_sees_the_proposed_config_and_the_applied_one_is_back_with_its_tier()
    {
        await _store.PutAsync(new ParameterWrite(Path, """{"cidr_block":"10.0.0.0/16"}""", Tier: "Advanced"), Ct);

        string? seen;
        await using (await _guard.EnterAsync(Env, Vpc, Ct))
        {
            seen = await _guard.WithProposedConfigAsync(Env, Vpc, """{"cidr_block":"10.1.0.0/16"}""", async ct => (await _store.GetAsync(Path, false, ct)).Value, Ct);
        }

        Assert.Equal("""{"cidr_block":"10.1.0.0/16"}""", seen);
        Assert.Equal("""{"cidr_block":"10.0.0.0/16"}""", (await _store.GetAsync(Path, false, Ct)).Value);
        Assert.Equal("Advanced", await _store.GetTierAsync(Path, Ct));
    }

    [Fact]
    public async Task A_failed_plan_of_a_new_component_leaves_no_config_published()
    {
        await using (await _guard.EnterAsync(Env, Vpc, Ct))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _guard.WithProposedConfigAsync<int>(Env, Vpc, """{"cidr_block":"10.1.0.0/16"}""",
                async ct =>
                {
                    Assert.NotNull(await _store.TryGetAsync(Path, false, ct));
                    throw new InvalidOperationException("terraform plan failed");
                }, Ct));
        }

        Assert.Null(await _store.TryGetAsync(Path, false, Ct));
    }

    [Fact]
    public async Task A_config_equal_to_the_applied_one_is_not_written()
    {
        var version = await _store.PutAsync(new ParameterWrite(Path, """{"cidr_block":"10.0.0.0/16"}"""), Ct);

        await using (await _guard.EnterAsync(Env, Vpc, Ct))
        {
            await _guard.WithProposedConfigAsync(Env, Vpc, """{ "cidr_block": "10.0.0.0/16" }""", _ => Task.FromResult(0), Ct);
        }

        Assert.Equal(version, (await _store.GetAsync(Path, false, Ct)).Version);
    }

    [Fact]
    public async Task Two_plans_of_one_component_take_turns_and_each_sees_its_own_config()
    {
        await _store.PutAsync(new ParameterWrite(Path, """{"cidr_block":"10.0.0.0/16"}"""), Ct);
        var inFirst = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();

        async Task<string> PlanAsync(string config, Func<Task> whilePlanning)
        {
            await using (await _guard.EnterAsync(Env, Vpc, Ct))
            {
                return await _guard.WithProposedConfigAsync(Env, Vpc, config, async ct =>
                {
                    await whilePlanning();
                    return (await _store.GetAsync(Path, false, ct)).Value;
                }, Ct);
            }
        }

        var first = PlanAsync("""{"cidr_block":"10.1.0.0/16"}""", async () =>
        {
            inFirst.SetResult();
            await releaseFirst.Task;
        });
        await inFirst.Task;
        var second = PlanAsync("""{"cidr_block":"10.2.0.0/16"}""", () => Task.CompletedTask);
        await Task.Delay(300, Ct);
        Assert.False(second.IsCompleted, "the second plan ran while the first held the component");
        releaseFirst.SetResult();

        Assert.Equal("""{"cidr_block":"10.1.0.0/16"}""", await first);
        Assert.Equal("""{"cidr_block":"10.2.0.0/16"}""", await second);
        Assert.Equal("""{"cidr_block":"10.0.0.0/16"}""", (await _store.GetAsync(Path, false, Ct)).Value);
    }

    public void Dispose()
    {
        _store.Dispose();
        _home.Dispose();
    }
}
