using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Core.Model;

namespace Karma.Benchmarks;

/// <summary>
/// Generates a synthetic but realistic Karma system: components in layers (networks and buckets at the bottom,
/// clusters and databases, functions and services, APIs, sites and dashboards on top), each referring to 1–3
/// components in lower layers with a mix of all inference rules, so the graph is acyclic and every reference
/// resolves. Deterministic for a given seed. Public so end-to-end benchmarks can reuse it.
/// </summary>
public static class GraphSystemGenerator
{
    /// <summary>Aliases the generated configs rely on (as the config repo's karma.json would declare them).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["db"] = "rds-postgres",
    };

    private static readonly string[][] Layers =
    [
        ["vpc", "route53-zone", "s3-bucket"],
        ["ecs-cluster", "rds-postgres", "kinesis-stream"],
        ["lambda", "service"],
        ["serverless-api", "queue-worker"],
        ["serverless-site", "dashboard"],
    ];

    // Share of all components in each layer.
    private static readonly double[] LayerShare = [0.15, 0.2, 0.3, 0.2, 0.15];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static GeneratedSystem Generate(int components, int seed = 42, string environment = "bench", string prefix = "/iac")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        var random = new Random(seed);
        var ids = new List<(ComponentId Id, int Layer)>(components);
        var byLayer = Layers.Select(_ => new List<ComponentId>()).ToArray();
        for (var layer = 0; layer < Layers.Length; layer++)
        {
            var count = layer == Layers.Length - 1 ? components - ids.Count : Math.Max(1, (int)(components * LayerShare[layer]));
            for (var i = 0; i < count && ids.Count < components; i++)
            {
                var type = Layers[layer][i % Layers[layer].Length];
                var id = new ComponentId(type, $"{type}-{i:D6}");
                ids.Add((id, layer));
                byLayer[layer].Add(id);
            }
        }

        var documents = new List<ConfigDocument>(components);
        var parameters = new List<ComponentParameters>(components);
        foreach (var (id, layer) in ids)
        {
            var config = Config(id, layer, byLayer, random, environment, prefix);
            documents.Add(new ConfigDocument(id, RepoPath(environment, id), config.ToJsonString(Indented)));
            parameters.Add(new ComponentParameters(id, config.ToJsonString(), Runtime(id).ToJsonString()));
        }

        return new GeneratedSystem(
            new ConfigSnapshot(environment, "0000000000000000000000000000000000000001", documents, Aliases),
            new ParameterSnapshot(prefix, parameters));
    }

    /// <summary>The same system with one component's Git config changed (not yet published, so it also drifts).</summary>
    public static GeneratedSystem ChangeOne(GeneratedSystem system, int index, string commit)
    {
        ArgumentNullException.ThrowIfNull(system);
        var documents = system.Config.Documents.ToArray();
        var document = documents[index];
        var config = JsonNode.Parse(document.RawJson)!.AsObject();
        config["memory_size"] = (config["memory_size"]?.GetValue<int>() ?? 128) + 64;
        documents[index] = document with { RawJson = config.ToJsonString(Indented) };
        return system with { Config = system.Config with { Documents = documents, GitCommit = commit } };
    }

    /// <summary>Writes <c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/config.json</c> files and <c>karma.json</c> under <paramref name="root"/>.</summary>
    public static void WriteConfigFiles(GeneratedSystem system, string root)
    {
        ArgumentNullException.ThrowIfNull(system);
        foreach (var document in system.Config.Documents)
        {
            var path = Path.Combine(root, document.RepoPath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, document.RawJson + "\n");
        }

        var karma = new JsonObject { ["aliases"] = new JsonObject(Aliases.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))) };
        File.WriteAllText(Path.Combine(root, "karma.json"), karma.ToJsonString(Indented) + "\n");
    }

    public static string RepoPath(string environment, ComponentId id) => $"iac/{environment}/{id.Type}/{id.Nickname}/config.json";

    /// <summary>The keys each type's Terraform writes to its runtime.</summary>
    public static IReadOnlyList<string> RuntimeKeys(string type) => type switch
    {
        "vpc" => ["vpc_id", "vpc_cidr", "public_subnet_ids", "private_subnet_ids", "default_sg_id", "has_nat"],
        "route53-zone" => ["zone_id", "zone_arn", "name_servers"],
        "s3-bucket" => ["bucket_name", "bucket_arn"],
        "ecs-cluster" => ["cluster_arn", "cluster_name", "capacity_providers"],
        "serverless-api" => ["api_id", "api_endpoint", "stage_name", "custom_domain"],
        _ => ["arn", "endpoint", "name"],
    };

    private static JsonObject Config(ComponentId id, int layer, List<ComponentId>[] byLayer, Random random, string environment, string prefix)
    {
        var config = new JsonObject
        {
            ["name"] = id.Nickname,
            ["description"] = $"{id.Type} {id.Nickname} managed by Karma",
            ["memory_size"] = 128 * (1 + random.Next(4)),
            ["timeout"] = 10 + random.Next(50),
            ["enable_encryption"] = true,
            ["tags"] = new JsonObject { ["Environment"] = environment, ["Project"] = id.Type, ["Owner"] = $"team-{random.Next(20)}" },
        };
        if (layer == 0)
        {
            return config;
        }

        var references = 1 + random.Next(3);
        var providers = new HashSet<ComponentId>();
        var functions = new JsonObject();
        var dependsOn = new JsonArray();
        for (var k = 0; k < references; k++)
        {
            // Mostly the layer right below, sometimes any lower layer: realistic, and never a cycle.
            var providerLayer = random.Next(4) == 0 ? random.Next(layer) : layer - 1;
            var provider = byLayer[providerLayer][random.Next(byLayer[providerLayer].Count)];
            if (!providers.Add(provider))
            {
                continue;
            }

            var holder = new JsonObject { ["runtime"] = "python3.12", ["handler"] = "main.handler" };
            var rule = random.Next(100);
            if (rule < 60)
            {
                var baseName = NicknameBase(provider.Type, random);
                holder[$"{baseName}_nickname"] = provider.Nickname;
                if (random.Next(3) == 0)
                {
                    var keys = RuntimeKeys(provider.Type);
                    holder[$"{baseName}_runtime_keys"] = new JsonArray(keys.Take(1 + random.Next(2)).Select(key => (JsonNode?)key).ToArray());
                }
            }
            else if (rule < 75)
            {
                holder["src_type"] = provider.Type;
                holder["src_nickname"] = provider.Nickname;
            }
            else if (rule < 90)
            {
                holder["upstream_runtime_path"] = $"{prefix}/{provider.Type}/{provider.Nickname}/runtime";
            }
            else
            {
                dependsOn.Add(provider.ToString());
                continue;
            }

            functions[$"fn-{k}"] = holder;
        }

        if (functions.Count > 0)
        {
            config["functions"] = functions;
        }

        if (dependsOn.Count > 0)
        {
            config["depends_on"] = dependsOn;
        }

        return config;
    }

    private static string NicknameBase(string type, Random random) => type switch
    {
        "ecs-cluster" when random.Next(2) == 0 => "cluster",
        "s3-bucket" when random.Next(2) == 0 => "bucket",
        "rds-postgres" => "db",
        _ => type.Replace('-', '_'),
    };

    private static JsonObject Runtime(ComponentId id) =>
        new(RuntimeKeys(id.Type).Select(key => KeyValuePair.Create(key, (JsonNode?)$"{key}-{id.Nickname}")));
}

/// <summary>A generated system: what Git and Parameter Store would hold.</summary>
public sealed record GeneratedSystem(ConfigSnapshot Config, ParameterSnapshot Parameters);
