using Karma.Core.Analysis;
using Karma.Core.Model;

namespace Karma.Core.Tests;

/// <summary>Builds Git and Parameter Store snapshots for tests, one component at a time.</summary>
internal sealed class TestSystem
{
    public const string Environment = "prod";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly List<ConfigDocument> _documents = [];
    private readonly Dictionary<ComponentId, (string? Config, string? Runtime)> _parameters = [];
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    public static string FileOf(string id) => $"iac/{Environment}/{id}/config.json";

    /// <summary>A component in Git (and, when <paramref name="deployed"/>, published and applied with an empty runtime).</summary>
    public TestSystem Git(string id, string json, bool deployed = false, string runtime = "{}")
    {
        var componentId = ComponentId.Parse(id);
        _documents.Add(new ConfigDocument(componentId, FileOf(id), json));
        if (deployed)
        {
            _parameters[componentId] = (json, runtime);
        }

        return this;
    }

    public TestSystem Stored(string id, string? config, string? runtime)
    {
        _parameters[ComponentId.Parse(id)] = (config, runtime);
        return this;
    }

    public TestSystem Alias(string from, string to)
    {
        _aliases[from] = to;
        return this;
    }

    public ConfigSnapshot Config() => new(Environment, Commit, _documents.ToArray(), _aliases);

    public ParameterSnapshot Parameters(string prefix = "/iac") =>
        new(prefix, _parameters.Select(p => new ComponentParameters(p.Key, p.Value.Config, p.Value.Runtime)).ToArray());

    public GraphBuildResult Build() => GraphBuilder.Build(Config(), Parameters());

    public GraphBuildResult BuildFromGit(ComponentGraph? previous = null) => GraphBuilder.BuildFromGit(Config(), previous: previous);
}

internal static class TestIds
{
    public static ComponentId Id(string text) => ComponentId.Parse(text);
}
