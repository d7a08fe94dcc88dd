using System.Diagnostics;
using System.Globalization;
using System.Text;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Benchmarks;

/// <summary>
/// A generated config repo and published Parameter Store for <c>bench graph-build</c>, cached per size under the temp
/// folder (generating and committing 100,000 configs takes minutes; the commits are deterministic, so a cached repo is
/// the same repo). <c>main</c> is the generated system in one commit; <c>changed</c> is one more commit on top of it in
/// which one component's config differs (not published, so it also drifts).
/// </summary>
internal sealed record GraphBenchRepo(string Root, int Size)
{
    public const string Environment = "bench";
    public const string Prefix = "/iac";

    // Bump when the generator or the layout changes, so stale caches are not measured.
    private const string Generation = "v1";

    public string Repo => Path.Combine(Root, "repo.git");

    public string ParametersDb => Path.Combine(Root, LocalParameterStore.DefaultFileName);

    public static async Task<GraphBenchRepo> OpenOrCreateAsync(string cacheRoot, int size)
    {
        var bench = new GraphBenchRepo(Path.Combine(cacheRoot, $"graph-build-{Generation}-{size}"), size);
        var ready = Path.Combine(bench.Root, "ready");
        if (File.Exists(ready))
        {
            return bench;
        }

        if (Directory.Exists(bench.Root))
        {
            Directory.Delete(bench.Root, recursive: true);
        }

        Directory.CreateDirectory(bench.Root);
        var clock = Stopwatch.StartNew();
        var system = GraphSystemGenerator.Generate(size, environment: Environment, prefix: Prefix);
        Git(bench.Root, "init", "-q", "--bare", bench.Repo);
        FastImport(bench.Repo, system, GraphSystemGenerator.ChangeOne(system, size / 2, "ignored"));
        await PublishAsync(bench.ParametersDb, system);
        await File.WriteAllTextAsync(ready, clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph-build: generated {size} components in {bench.Root} ({clock.Elapsed.TotalSeconds:F0} s, cached)"));
        return bench;
    }

    public string Commit(string branch) => Git(Repo, "rev-parse", $"refs/heads/{branch}").Trim();

    /// <summary>
    /// Commits without a working tree: <c>git fast-import</c> takes the blobs and both commits on stdin, which is far
    /// faster than writing 100,000 files and staging them. Fixed dates make the commits the same on every machine.
    /// </summary>
    private static void FastImport(string repo, GeneratedSystem system, GeneratedSystem changed)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--git-dir");
        start.ArgumentList.Add(repo);
        start.ArgumentList.Add("fast-import");
        start.ArgumentList.Add("--quiet");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using (var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            input.WriteLine("commit refs/heads/main");
            input.WriteLine("committer bench <bench@karma.local> 1767225600 +0000");
            Data(input, "generated system");
            input.WriteLine("M 100644 inline karma.json");
            Data(input, """{"aliases":{"db":"rds-postgres"}}""" + "\n");
            foreach (var document in system.Config.Documents)
            {
                input.WriteLine($"M 100644 inline {document.RepoPath}");
                Data(input, document.RawJson + "\n");
            }

            var index = system.Config.Documents.Count / 2;
            var document2 = changed.Config.Documents[index];
            input.WriteLine("commit refs/heads/changed");
            input.WriteLine("committer bench <bench@karma.local> 1767229200 +0000");
            Data(input, $"change {document2.Id}");
            input.WriteLine("from refs/heads/main");
            input.WriteLine($"M 100644 inline {document2.RepoPath}");
            Data(input, document2.RawJson + "\n");
            input.WriteLine("done");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git fast-import failed: {errors.Result}");
        }
    }

    private static void Data(StreamWriter input, string text)
    {
        input.WriteLine($"data {Encoding.UTF8.GetByteCount(text)}");
        input.Write(text);
        input.WriteLine();
    }

    private static async Task PublishAsync(string path, GeneratedSystem system)
    {
        using var store = new LocalParameterStore(path);
        foreach (var component in system.Parameters.Components)
        {
            var basePath = $"{Prefix}/{component.Id.Type}/{component.Id.Nickname}";
            await store.PutAsync(new ParameterWrite($"{basePath}/config", component.ConfigJson!, Overwrite: true), CancellationToken.None);
            await store.PutAsync(new ParameterWrite($"{basePath}/runtime", component.RuntimeJson!, Overwrite: true), CancellationToken.None);
        }
    }

    public static string Git(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr.Result}");
    }
}
