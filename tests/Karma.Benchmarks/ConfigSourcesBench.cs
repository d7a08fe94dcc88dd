using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Karma.Activities.Git;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using LibGit2Sharp;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench config-sources [--components N] [--moto http://127.0.0.1:PORT]</c>: how long Karma's inputs take to read.
/// Local Parameter Store: N config writes, one by-path read of all, single reads. Git: reading N components from a
/// local repo, and from a file:// remote (first load clones, later loads fetch). With --moto, the same Parameter Store
/// steps against AWS's API on moto (pages of 10). Medians of 5 runs after a warm-up.
/// </summary>
internal static class ConfigSourcesBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--components") ?? "500", CultureInfo.InvariantCulture);
        var moto = Option(args, "--moto");
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-cfg-{Guid.NewGuid():N}");
        try
        {
            Console.WriteLine($"config-sources: {count} components");
            using (var local = new LocalParameterStore(Path.Combine(root, "parameters.db")))
            {
                await ParameterStoreAsync("local", local, count);
            }

            if (moto is not null)
            {
                using var aws = AwsParameterStore.Create(new AwsParameterStoreSettings
                {
                    ServiceUrl = moto,
                    Region = "us-east-1",
                    Credentials = new BasicAWSCredentials("testing", "testing"),
                });
                await ParameterStoreAsync("aws-on-moto", aws, count);
            }

            await GitAsync(root, count);
            return 0;
        }
        finally
        {
            DeleteTree(root);
        }
    }

    private static async Task ParameterStoreAsync(string label, IParameterStore store, int count)
    {
        var prefix = $"/bench-{Guid.NewGuid():N}";
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}/type{i % 10}/nick{i:D5}/config").ToList();
        var put = Stopwatch.StartNew();
        foreach (var name in names)
        {
            await store.PutAsync(new ParameterWrite(name, """{"bucket_name":"b","versioning":true}""", Overwrite: true), CancellationToken.None);
        }

        put.Stop();
        var byPath = await MedianAsync(async () => (await store.GetByPathAsync(prefix, false, CancellationToken.None)).Count);
        var single = await MedianAsync(async () => (await store.GetAsync(names[count / 2], false, CancellationToken.None)).Version);
        Console.WriteLine($"  {label,-12} put {put.Elapsed.TotalMilliseconds / count,7:F2} ms/param   by-path all {byPath,8:F1} ms   get one {single,6:F2} ms");
    }

    private static async Task GitAsync(string root, int count)
    {
        var work = Path.Combine(root, "config");
        Repository.Init(work);
        using (var repo = new Repository(work))
        {
            for (var i = 0; i < count; i++)
            {
                var file = Path.Combine(work, "iac", "prod", $"type{i % 10}", $"nick{i:D5}", "config.json");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, $$"""{"name":"nick{{i}}","vpc_nickname":"main-vpc"}""");
            }

            Commands.Stage(repo, "*");
            var signature = new Signature("bench", "bench@example.com", DateTimeOffset.UtcNow);
            repo.Commit("bench", signature, signature);
        }

        var bare = Path.Combine(root, "remote.git");
        Repository.Clone(work, bare, new CloneOptions { IsBare = true });
        var loader = new GitConfigLoader(Path.Combine(root, "home"));
        var localMs = await MedianAsync(async () => (await loader.LoadAsync(new GitSource(work), "prod", CancellationToken.None)).Config.Documents.Count);
        var url = new Uri(bare + "/").AbsoluteUri.TrimEnd('/');
        var clone = Stopwatch.StartNew();
        await loader.LoadAsync(new GitSource(url), "prod", CancellationToken.None);
        clone.Stop();
        var fetchMs = await MedianAsync(async () => (await loader.LoadAsync(new GitSource(url), "prod", CancellationToken.None)).Config.Documents.Count);
        Console.WriteLine($"  git local    load {localMs,8:F1} ms");
        Console.WriteLine($"  git file://  first load (clone) {clone.Elapsed.TotalMilliseconds,8:F1} ms   later loads (fetch) {fetchMs,8:F1} ms");
    }

    private static async Task<double> MedianAsync<T>(Func<Task<T>> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static void DeleteTree(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }
}
