namespace Karma.Testing;

/// <summary>How a component's config file is laid out in the config repo.</summary>
public enum ComponentLayout
{
    /// <summary><c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/config.json</c> (the Adage layout).</summary>
    Folder,

    /// <summary><c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;.json</c> (the docs' layout).</summary>
    File,
}

/// <summary>
/// Builds a Karma config repository for tests:
/// <c>new GitRepoBuilder(dir).Component("prod", "vpc", "main-vpc", json).KarmaJson(json).Commit("init")</c>,
/// then <see cref="Repo"/> for further commits, branches and tags, or <see cref="CloneBare"/> for a remote.
/// </summary>
public sealed class GitRepoBuilder
{
    public GitRepoBuilder(string path, string initialBranch = "main")
    {
        GitRepo.RequireGit();
        Repo = GitRepo.Init(path, initialBranch);
    }

    public GitRepo Repo { get; }

    public static string ComponentPath(string environment, string type, string nickname, ComponentLayout layout = ComponentLayout.Folder) =>
        layout == ComponentLayout.Folder
            ? $"iac/{environment}/{type}/{nickname}/config.json"
            : $"iac/{environment}/{type}/{nickname}.json";

    public GitRepoBuilder Component(string environment, string type, string nickname, string json, ComponentLayout layout = ComponentLayout.Folder)
    {
        Repo.WriteFile(ComponentPath(environment, type, nickname, layout), json);
        return this;
    }

    public GitRepoBuilder KarmaJson(string json)
    {
        Repo.WriteFile("karma.json", json);
        return this;
    }

    public GitRepoBuilder File(string relativePath, string content)
    {
        Repo.WriteFile(relativePath, content);
        return this;
    }

    /// <summary>Commits what was added so far; returns the builder so a history can be built in one chain.</summary>
    public GitRepoBuilder Commit(string message)
    {
        LastCommit = Repo.Commit(message);
        return this;
    }

    public string? LastCommit { get; private set; }

    /// <summary>A bare clone at <paramref name="path"/>, usable as a <c>file://</c> remote (<see cref="GitRepo.FileUrl"/>).</summary>
    public GitRepo CloneBare(string path) => Repo.CloneBare(path);
}
