using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class LocalParameterStoreTests : IDisposable
{
    private readonly TempDirectory _home = new("karma-local-ssm");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Values_persist_in_the_file_under_karma_home()
    {
        using (var first = LocalParameterStore.InHome(_home.Path))
        {
            await first.PutAsync(new ParameterWrite("/iac/vpc/main/config", "{}"), Ct);
        }

        using var second = LocalParameterStore.InHome(_home.Path);

        Assert.True(File.Exists(_home.Combine("parameters.db")));
        Assert.Equal("{}", (await second.GetAsync("/iac/vpc/main/config", false, Ct)).Value);
    }

    [Fact]
    public async Task Concurrent_writers_on_separate_connections_never_lose_or_repeat_a_version()
    {
        // Two store instances = two independent connection sets on one file, as two processes would have.
        using var a = LocalParameterStore.InHome(_home.Path);
        using var b = LocalParameterStore.InHome(_home.Path);
        const string name = "/iac/counter";

        var writes = Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).PutAsync(new ParameterWrite(name, $"w{i}", Overwrite: true), Ct), Ct));
        var versions = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), versions.Order());
        Assert.Equal(40, (await a.GetAsync(name, false, Ct)).Version);
    }

    [Fact]
    public async Task A_write_waits_for_another_process_holding_the_write_lock()
    {
        var python = RequiredTool.Require("python3", "to hold a SQLite write lock from a second process");
        using var store = LocalParameterStore.InHome(_home.Path);
        await store.PutAsync(new ParameterWrite("/iac/x", "before"), Ct);

        await using var holder = await SqliteLockHolder.StartAsync(python, store.DatabasePath, Ct);
        // Microsoft.Data.Sqlite waits synchronously on a busy database, so the write gets its own thread.
        var write = Task.Run(() => store.PutAsync(new ParameterWrite("/iac/x", "after", Overwrite: true), Ct), Ct);
        var finishedWhileLocked = await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(300), Ct)) == write;
        await holder.ReleaseAsync();

        Assert.False(finishedWhileLocked);
        Assert.Equal(2, await write);
        Assert.Equal("after", (await store.GetAsync("/iac/x", false, Ct)).Value);
    }

    [Fact]
    public async Task SecureString_reads_as_a_placeholder_without_decryption()
    {
        using var store = LocalParameterStore.InHome(_home.Path);
        await store.PutAsync(new ParameterWrite("/iac/secret", "hunter2", ParameterType.SecureString), Ct);

        var read = await store.GetAsync("/iac/secret", withDecryption: false, Ct);

        Assert.Equal(LocalParameterStore.EncryptedPlaceholder, read.Value);
    }

    [Fact]
    public async Task Get_by_root_path_returns_everything()
    {
        using var store = LocalParameterStore.InHome(_home.Path);
        await store.PutAsync(new ParameterWrite("/a/b", "1"), Ct);
        await store.PutAsync(new ParameterWrite("/c", "2"), Ct);

        Assert.Equal(["/a/b", "/c"], (await store.GetByPathAsync("/", false, Ct)).Select(p => p.Name));
    }

    public void Dispose() => _home.Dispose();
}
