using System.Diagnostics;
using System.Globalization;

namespace Karma.Testing;

/// <summary>
/// A real git repository in a folder, driven through the git CLI so tests exercise Karma's LibGit2Sharp code
/// against repositories made by ordinary git. User and system git config are ignored for reproducibility.
/// Callers should have called <c>RequiredTool.Require("git", …)</c> (see <see cref="RequireGit"/>).
/// </summary>
public sealed class GitRepo
{
    public const string AuthorName = "Karma Test";

    public const string AuthorEmail = "karma-test@example.com";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private GitRepo(string path, bool isBare)
    {
        Path = System.IO.Path.GetFullPath(path);
        IsBare = isBare;
    }

    public string Path { get; }

    public bool IsBare { get; }

    /// <summary>The repository as a <c>file://</c> URL, for use as a remote.</summary>
    public string FileUrl => new Uri(Path.TrimEnd('/') + "/").AbsoluteUri.TrimEnd('/');

    public static string RequireGit() => RequiredTool.Require("git", "to create test repositories");

    public static GitRepo Init(string path, string initialBranch = "main", bool bare = false)
    {
        Directory.CreateDirectory(path);
        var repo = new GitRepo(path, bare);
        repo.Run(bare ? ["init", "--bare", "-b", initialBranch] : ["init", "-b", initialBranch]);
        return repo;
    }

    /// <summary>Opens an existing repository (e.g. one Karma created) for inspection.</summary>
    public static GitRepo Open(string path, bool bare = false) => new(path, bare);

    public GitRepo WriteFile(string relativePath, string content)
    {
        var full = FullPath(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public GitRepo DeleteFile(string relativePath)
    {
        File.Delete(FullPath(relativePath));
        return this;
    }

    public string ReadWorkingFile(string relativePath) => File.ReadAllText(FullPath(relativePath));

    /// <summary>Stages everything and commits; returns the new commit's SHA.</summary>
    public string Commit(string message)
    {
        Run("add", "-A");
        Run("commit", "--allow-empty", "-q", "-m", message);
        return Head();
    }

    public string Head() => Resolve("HEAD");

    public string Resolve(string revision) => Run("rev-parse", "--verify", revision + "^{commit}").Trim();

    public string CurrentBranch() => Run("symbolic-ref", "--short", "HEAD").Trim();

    public GitRepo Branch(string name, bool checkout = true)
    {
        Run(checkout ? ["checkout", "-q", "-b", name] : ["branch", name]);
        return this;
    }

    public GitRepo Checkout(string name)
    {
        Run("checkout", "-q", name);
        return this;
    }

    /// <summary>Creates a lightweight tag, or an annotated one when <paramref name="message"/> is given.</summary>
    public GitRepo Tag(string name, string? message = null)
    {
        Run(message is null ? ["tag", name] : ["tag", "-a", name, "-m", message]);
        return this;
    }

    /// <summary>A file's content at a revision (<c>git show rev:path</c>), or null when absent.</summary>
    public string? ShowFile(string revision, string path)
    {
        var (exit, output, _) = TryRun("show", $"{revision}:{path}");
        return exit == 0 ? output : null;
    }

    /// <summary>The commit message subject and author of a revision, "subject|name|email".</summary>
    public string Describe(string revision) => Run("log", "-1", "--format=%s|%an|%ae", revision).Trim();

    /// <summary>Clones this repository as a bare repository at <paramref name="path"/> (a "remote").</summary>
    public GitRepo CloneBare(string path)
    {
        Run("clone", "-q", "--bare", Path, System.IO.Path.GetFullPath(path));
        return new GitRepo(path, isBare: true);
    }

    public GitRepo AddRemote(string name, string url)
    {
        Run("remote", "add", name, url);
        return this;
    }

    public GitRepo Push(string remote, string refspec)
    {
        Run("push", "-q", remote, refspec);
        return this;
    }

    public string Run(params string[] args)
    {
        var (exit, output, error) = TryRun(args);
        return exit == 0
            ? output
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {Path} (exit {exit}): {error.Trim()}");
    }

    public (int ExitCode, string Output, string Error) TryRun(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Reproducible regardless of the developer's git setup.
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_AUTHOR_NAME"] = AuthorName;
        info.Environment["GIT_AUTHOR_EMAIL"] = AuthorEmail;
        info.Environment["GIT_COMMITTER_NAME"] = AuthorName;
        info.Environment["GIT_COMMITTER_EMAIL"] = AuthorEmail;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("git could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', args)} did not finish within {CommandTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private string FullPath(string relativePath) =>
        IsBare
            ? throw new InvalidOperationException("A bare repository has no working files.")
            : System.IO.Path.Combine(Path, relativePath);
}
