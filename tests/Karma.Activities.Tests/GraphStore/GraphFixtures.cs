using Karma.Core.Model;

namespace Karma.Activities.Tests.GraphStore;

internal static class GraphFixtures
{
    public static ComponentId Id(string text) => ComponentId.Parse(text);

    public static ComponentNode Node(string id, string hash = "h1", string environment = "prod") =>
        new(Id(id), environment, $"iac/{environment}/{id}/config.json", $"/iac/{id}/runtime", hash, "commit-1")
        {
            HasRuntime = true,
            ConfigDrift = false,
        };

    public static DependencyEdge Consumes(string consumer, string provider, string path = "$.vpc_nickname") =>
        new(Id(consumer), Id(provider), EdgeLabel.ConsumesRuntimeFrom, path);

    public static DependencyEdge Emits(string provider, string consumer, string path = "$.vpc_nickname") =>
        new(Id(provider), Id(consumer), EdgeLabel.EmitsRuntimeTo, path);

    /// <summary>vpc/main ← lambda/api ← serverless-api/api, plus s3-bucket/logs used by lambda/api.</summary>
    public static ComponentGraph Small(string environment = "prod") => new(
        environment,
        "commit-1",
        [
            Node("lambda/api", environment: environment) with { LastChangeId = "change-7" },
            Node("s3-bucket/logs", environment: environment) with { HasRuntime = false, ConfigDrift = null },
            Node("serverless-api/api", environment: environment),
            Node("vpc/main", environment: environment),
        ],
        [
            Consumes("lambda/api", "s3-bucket/logs", "$.logs.src_nickname"),
            Consumes("lambda/api", "vpc/main", "$.functions.q.vpc_nickname"),
            new DependencyEdge(Id("serverless-api/api"), Id("lambda/api"), EdgeLabel.DependsOn, "$.depends_on[0]"),
            Emits("s3-bucket/logs", "lambda/api", "$.logs.src_nickname"),
            Emits("vpc/main", "lambda/api", "$.functions.q.vpc_nickname"),
        ]);

    public static void AssertSameGraph(ComponentGraph expected, ComponentGraph actual)
    {
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.GitCommit, actual.GitCommit);
        Assert.Equal(expected.Nodes.OrderBy(n => n.Id), actual.Nodes);
        Assert.Equal(expected.Edges.OrderBy(e => e.Key, StringComparer.Ordinal), actual.Edges.OrderBy(e => e.Key, StringComparer.Ordinal));
    }
}
