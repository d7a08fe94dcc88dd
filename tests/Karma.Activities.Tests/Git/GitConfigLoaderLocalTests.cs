using System.Text;
using Karma.Activities.Git;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Git;

public sealed class GitConfigLoaderLocalTests : IDisposable
{
    private const string Vpc = """{"cidr":"10.0.0.0/16"}""";
    private const string Site = """{"site_name":"usekarma.dev","vpc_nickname":"main-vpc"}""";

    private readonly TempDirectory _temp = new("karma-git");
    private readonly GitConfigLoader _loader;

    public GitConfigLoaderLocalTests() => _loader = new GitConfigLoader(_temp.Combine("home"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_both_layouts_and_karma_json_at_head()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo"))
            .Component("prod", "vpc", "main-vpc", Vpc)
            .Component("prod", "serverless-site", "karma-dev", Site, ComponentLayout.File)
            .Component("dev", "vpc", "dev-vpc", Vpc)
            .File("iac/prod/README.md", "docs")
            .File("iac/prod/vpc/notes/readme.txt", "not a component")
            .KarmaJson("""{"aliases":{"db":"rds-postgres"},"modules":{"vpc":"./modules/vpc"},"temporal":{"namespace":"karma"}}""")
            .Commit("initial");

        var snapshot = await _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct);

        Assert.Equal(builder.LastCommit, snapshot.CommitSha);
        Assert.Equal(builder.LastCommit, snapshot.Config.GitCommit);
        Assert.Equal("main", snapshot.Branch);
        Assert.Equal("prod", snapshot.Config.Environment);
        Assert.Equal(
            [
                new ConfigDocument(new ComponentId("serverless-site", "karma-dev"), "iac/prod/serverless-site/karma-dev.json", Site),
                new ConfigDocument(new ComponentId("vpc", "main-vpc"), "iac/prod/vpc/main-vpc/config.json", Vpc),
            ],
            snapshot.Config.Documents);
        Assert.Equal("rds-postgres", snapshot.Config.Aliases["db"]);
        Assert.Equal("./modules/vpc", snapshot.Settings.Modules["vpc"]);
        Assert.Contains("\"namespace\":\"karma\"", snapshot.Settings.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_committed_content_only_and_from_a_bare_repository()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", Vpc).Commit("initial");
        builder.Repo.WriteFile("iac/prod/vpc/main-vpc/config.json", """{"uncommitted":true}""");
        var bare = builder.CloneBare(_temp.Combine("bare.git"));

        var fromWorkingTree = await _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct);
        var fromBare = await _loader.LoadAsync(new GitSource(bare.Path), "prod", Ct);

        Assert.Equal(Vpc, Assert.Single(fromWorkingTree.Config.Documents).RawJson);
        Assert.Equal(Vpc, Assert.Single(fromBare.Config.Documents).RawJson);
        Assert.Equal(builder.LastCommit, fromBare.CommitSha);
    }

    [Fact]
    public async Task Reads_at_a_branch_a_tag_an_annotated_tag_and_a_commit()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var first = builder.LastCommit!;
        builder.Repo.Tag("light").Tag("annotated", "release 1");
        builder.Repo.Branch("feature");
        builder.Component("prod", "vpc", "main-vpc", """{"v":2}""").Commit("v2");
        builder.Repo.Checkout("main");

        async Task<string> ReadAt(string? reference) =>
            Assert.Single((await _loader.LoadAsync(new GitSource(builder.Repo.Path, reference), "prod", Ct)).Config.Documents).RawJson;

        Assert.Equal("""{"v":2}""", await ReadAt("feature"));
        Assert.Equal("""{"v":1}""", await ReadAt(null));
        Assert.Equal("""{"v":1}""", await ReadAt("light"));
        Assert.Equal("""{"v":1}""", await ReadAt("annotated"));
        Assert.Equal("""{"v":1}""", await ReadAt(first));
        Assert.Equal("""{"v":1}""", await ReadAt(first[..8]));
        Assert.Equal("""{"v":1}""", await ReadAt("feature~1"));
    }

    [Fact]
    public async Task A_component_in_both_layouts_is_an_error_naming_both_files()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo"))
            .Component("prod", "vpc", "main-vpc", Vpc)
            .Component("prod", "vpc", "main-vpc", Vpc, ComponentLayout.File)
            .Commit("both");

        var error = await Assert.ThrowsAsync<ConfigLayoutException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct));

        Assert.Contains("vpc/main-vpc", error.Message, StringComparison.Ordinal);
        Assert.Contains("iac/prod/vpc/main-vpc.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("iac/prod/vpc/main-vpc/config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_path_not_a_repo_unknown_ref_and_missing_environment_are_typed_errors()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", Vpc).Component("dev", "vpc", "v", Vpc).Commit("c");
        Directory.CreateDirectory(_temp.Combine("plain"));

        await Assert.ThrowsAsync<GitRepositoryNotFoundException>(() => _loader.LoadAsync(new GitSource(_temp.Combine("nope")), "prod", Ct));
        await Assert.ThrowsAsync<NotAGitRepositoryException>(() => _loader.LoadAsync(new GitSource(_temp.Combine("plain")), "prod", Ct));
        var badRef = await Assert.ThrowsAsync<GitRefNotFoundException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path, "no-such-branch"), "prod", Ct));
        var noEnv = await Assert.ThrowsAsync<ConfigEnvironmentNotFoundException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path), "staging", Ct));

        Assert.Contains("'no-such-branch'", badRef.Message, StringComparison.Ordinal);
        Assert.Equal(["dev", "prod"], noEnv.Available);
        Assert.Contains("iac/staging", noEnv.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_karma_json_and_invalid_component_names_are_layout_errors()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", Vpc).KarmaJson("{ not json").Commit("c");
        var badJson = await Assert.ThrowsAsync<ConfigLayoutException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct));

        builder.KarmaJson("{}").Component("prod", "vpc", "bad name", Vpc).Commit("c2");
        var badName = await Assert.ThrowsAsync<ConfigLayoutException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct));

        Assert.Contains("karma.json", badJson.Message, StringComparison.Ordinal);
        Assert.Contains("iac/prod/vpc/bad name/config.json", badName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configs_are_utf8_with_or_without_a_byte_order_mark_and_utf16_when_marked_so()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "plain", Vpc);
        WriteBytes(builder, "iac/prod/vpc/utf8-bom/config.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Vpc)]);
        WriteBytes(builder, "iac/prod/vpc/utf16/config.json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Vpc)]);
        builder.Commit("three encodings");

        var snapshot = await _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct);

        Assert.Equal([Vpc, Vpc, Vpc], snapshot.Config.Documents.Select(d => d.RawJson));
    }

    [Fact]
    public async Task A_config_that_is_not_utf8_is_a_layout_error_naming_the_file()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", Vpc);
        WriteBytes(builder, "iac/prod/vpc/latin1/config.json", Encoding.Latin1.GetBytes("""{"name":"café"}"""));
        builder.Commit("latin-1");

        var error = await Assert.ThrowsAsync<ConfigLayoutException>(() => _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct));

        Assert.Equal("'iac/prod/vpc/latin1/config.json' is not UTF-8 text.", error.Message);
    }

    private static void WriteBytes(GitRepoBuilder builder, string relativePath, byte[] bytes)
    {
        var path = Path.Combine(builder.Repo.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public async Task Repo_without_karma_json_has_no_aliases()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", Vpc).Commit("c");

        var settings = await _loader.LoadSettingsAsync(new GitSource(builder.Repo.Path), Ct);

        Assert.Null(settings.RawJson);
        Assert.Empty(settings.Aliases);
    }

    public void Dispose() => _temp.Dispose();
}
