using System.Text.Json;
using Karma.Core.Inference;
using Karma.Core.Model;
using Karma.Core.Queries;

namespace Karma.Core.Analysis;

/// <summary>
/// Builds an environment's component graph from its Git config (the source of truth) and, optionally, what
/// Parameter Store holds, and analyses both. Pure: never throws for bad input, reports it as diagnostics.
/// </summary>
public static class GraphBuilder
{
    /// <summary>Builds from Git and Parameter Store: nodes carry runtime/drift state; orphans become nodes.</summary>
    /// <param name="previous">
    /// The last stored graph, if any. A node whose config hash is unchanged keeps its <see cref="ComponentNode.GitCommit"/>
    /// (so it means "commit where this config was first seen" and an unrelated commit does not rewrite every node),
    /// and every node keeps its <see cref="ComponentNode.LastChangeId"/>, which only change workflows set.
    /// </param>
    public static GraphBuildResult Build(ConfigSnapshot config, ParameterSnapshot parameters, ComponentGraph? previous = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Build(config, parameters, parameters.Prefix, previous);
    }

    /// <summary>Builds from Git alone (no drift, runtime or orphan analysis; node runtime state stays null).</summary>
    public static GraphBuildResult BuildFromGit(ConfigSnapshot config, string prefix = ComponentPaths.DefaultPrefix, ComponentGraph? previous = null) =>
        Build(config, null, prefix, previous);

    private static GraphBuildResult Build(ConfigSnapshot config, ParameterSnapshot? parameters, string prefix, ComponentGraph? previous)
    {
        ArgumentNullException.ThrowIfNull(config);
        var context = new BuildContext(config, parameters, ComponentPaths.NormalizePrefix(prefix), previous);
        context.ReadAliases();
        context.ReadGitDocuments();
        context.AddOrphans();
        context.AddEdges();
        context.AnalyseParameters();
        context.FindCycles();
        return context.ToResult();
    }

    private sealed class BuildContext(ConfigSnapshot config, ParameterSnapshot? parameters, string prefix, ComponentGraph? previous)
    {
        private readonly Dictionary<ComponentId, ComponentNode> _nodes = [];
        private readonly Dictionary<ComponentId, GitComponent> _git = [];
        private readonly Dictionary<ComponentId, ComponentParameters> _parameters = ParametersById(parameters);
        private readonly List<GraphDiagnostic> _diagnostics = [];
        private readonly List<DependencyEdge> _edges = [];
        private readonly List<RuntimeKeyRead> _keyReads = [];
        private ProviderTypeAliases _aliases = ProviderTypeAliases.Default;
        private Dictionary<ComponentId, ComponentNode>? _previousNodes;

        public void ReadAliases()
        {
            _aliases = ProviderTypeAliases.Create(config.Aliases, out var rejected);
            foreach (var bad in rejected)
            {
                _diagnostics.Add(new GraphDiagnostic(
                    DiagnosticCodes.InvalidAlias, DiagnosticSeverity.Error, null, "karma.json",
                    $"alias '{bad.Key}' → '{bad.Value}' is ignored: the target must be a component type (letters, digits, '.', '_' or '-')."));
            }
        }

        public void ReadGitDocuments()
        {
            foreach (var document in config.Documents.OrderBy(d => d.RepoPath, StringComparer.Ordinal))
            {
                if (_git.TryGetValue(document.Id, out var first))
                {
                    Error(DiagnosticCodes.DuplicateComponent, document.Id, document.RepoPath,
                        $"{document.Id} is also configured in {first.Document.RepoPath}; this file is ignored.");
                    continue;
                }

                var component = ReadGitDocument(document);
                _git[document.Id] = component;
                _nodes[document.Id] = new ComponentNode(
                    document.Id, config.Environment, document.RepoPath, ComponentPaths.RuntimeParameter(prefix, document.Id),
                    component.Hash, config.GitCommit);
            }
        }

        public void AddOrphans()
        {
            foreach (var stored in _parameters.Values.Where(p => !_git.ContainsKey(p.Id)))
            {
                var what = (stored.ConfigJson, stored.RuntimeJson) switch
                {
                    (not null, not null) => "config and runtime",
                    (not null, null) => "config",
                    _ => "runtime",
                };
                Warning(DiagnosticCodes.Orphan, stored.Id, ParameterPath(stored),
                    $"{stored.Id} has {what} in Parameter Store but no config in Git (expected {ComponentPaths.ConventionalConfigFile(config.Environment, stored.Id)}).");
                _nodes[stored.Id] = new ComponentNode(
                    stored.Id, config.Environment, ComponentPaths.ConventionalConfigFile(config.Environment, stored.Id),
                    ComponentPaths.RuntimeParameter(prefix, stored.Id), ConfigHash: null, config.GitCommit)
                {
                    HasRuntime = stored.RuntimeJson is not null,
                };
            }
        }

        public void AddEdges()
        {
            foreach (var component in _git.Values)
            {
                foreach (var reference in component.References.References)
                {
                    if (!_git.ContainsKey(reference.Provider))
                    {
                        var hint = _nodes.ContainsKey(reference.Provider) ? " (it exists only in Parameter Store, as an orphan)" : string.Empty;
                        Error(DiagnosticCodes.DanglingReference, reference.Consumer, At(component, reference.JsonPath),
                            $"{reference.Consumer} refers to {reference.Provider} at {reference.JsonPath}, which has no config in Git{hint}.");
                    }

                    if (!_nodes.TryGetValue(reference.Provider, out var providerNode))
                    {
                        continue;
                    }

                    // Edges share the nodes' id strings: less memory, and ordinal comparisons short-cut on identity.
                    var (consumer, provider) = (component.Document.Id, providerNode.Id);
                    // Identical references collapse when the graph is made canonical (GraphOrder drops duplicate edges).
                    _edges.Add(new DependencyEdge(consumer, provider, reference.Label, reference.JsonPath));
                    if (reference.Label == EdgeLabel.ConsumesRuntimeFrom)
                    {
                        _edges.Add(new DependencyEdge(provider, consumer, EdgeLabel.EmitsRuntimeTo, reference.JsonPath));
                    }
                }

                foreach (var problem in component.References.Problems)
                {
                    Error(DiagnosticCodes.InvalidReference, problem.Consumer, At(component, problem.JsonPath), problem.Message);
                }

                _keyReads.AddRange(component.References.KeyReads);
            }
        }

        public void AnalyseParameters()
        {
            if (parameters is null)
            {
                return;
            }

            // Runtimes are all validated, but only the key names of those consumers declare keys for are kept.
            var keyedProviders = _keyReads.Select(r => r.Provider).ToHashSet();
            var runtimeKeys = new Dictionary<ComponentId, HashSet<string>>();
            foreach (var (id, component) in _git)
            {
                _parameters.TryGetValue(id, out var stored);
                if (stored?.RuntimeJson is { } runtimeJson)
                {
                    using var runtime = ParseParameter(id, runtimeJson, "runtime");
                    if (runtime is not null && keyedProviders.Contains(id))
                    {
                        runtimeKeys[id] = runtime.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    }
                }
                else
                {
                    Warning(DiagnosticCodes.NeverApplied, id, ComponentPaths.RuntimeParameter(prefix, id),
                        $"{id} is in Git but has no runtime in Parameter Store: it was never applied (or its apply never wrote outputs).");
                }

                _nodes[id] = _nodes[id] with { HasRuntime = stored?.RuntimeJson is not null, ConfigDrift = component.Drift };
            }

            CheckRuntimeKeys(runtimeKeys);
        }

        public void FindCycles()
        {
            // The index sorts ids itself; no need to build the sorted, carried-over graph twice.
            var index = new DependencyIndex(new ComponentGraph(config.Environment, config.GitCommit, _nodes.Values.ToArray(), _edges));
            foreach (var cycle in CycleFinder.FindCycles(index))
            {
                var start = cycle[0];
                var firstEdge = _edges
                    .Where(e => e.From == start && e.To == cycle[1] && e.Label != EdgeLabel.EmitsRuntimeTo)
                    .Select(e => e.JsonPath).Order(StringComparer.Ordinal).FirstOrDefault() ?? JsonPathNotation.Root;
                var file = _git.TryGetValue(start, out var component) ? At(component, firstEdge) : _nodes[start].ConfigPath;
                Error(DiagnosticCodes.Cycle, start, file,
                    cycle.Count == 2 ? $"{start} depends on itself: {CycleFinder.Format(cycle)}." : $"dependency cycle: {CycleFinder.Format(cycle)}.");
            }
        }

        public GraphBuildResult ToResult()
        {
            var diagnostics = _diagnostics
                .OrderBy(d => d.Severity)
                .ThenBy(d => d.Component?.ToString() ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(d => d.Code, StringComparer.Ordinal)
                .ThenBy(d => d.Location, StringComparer.Ordinal)
                .ThenBy(d => d.Message, StringComparer.Ordinal)
                .ToArray();
            var keyReads = _keyReads
                .OrderBy(r => r.Consumer).ThenBy(r => r.JsonPath, StringComparer.Ordinal)
                .ToArray();
            return new GraphBuildResult(Graph(), diagnostics, keyReads);
        }

        private ComponentGraph Graph() => GraphOrder.Canonical(new(
            config.Environment,
            config.GitCommit,
            _nodes.Values.Select(CarryOver).ToArray(),
            _edges));

        private ComponentNode CarryOver(ComponentNode node)
        {
            _previousNodes ??= previous?.Nodes.DistinctBy(n => n.Id).ToDictionary(n => n.Id) ?? [];
            if (!_previousNodes.TryGetValue(node.Id, out var before))
            {
                return node;
            }

            return node with
            {
                GitCommit = before.ConfigHash == node.ConfigHash ? before.GitCommit : node.GitCommit,
                LastChangeId = before.LastChangeId,
            };
        }

        private GitComponent ReadGitDocument(ConfigDocument document)
        {
            using var parsed = ConfigJson.TryParse(document.RawJson, out var malformed);
            if (parsed is null)
            {
                Error(DiagnosticCodes.MalformedJson, document.Id, $"{document.RepoPath}:{malformed!.Line}:{malformed.Column}",
                    $"{document.RepoPath} is not valid JSON at line {malformed.Line}, column {malformed.Column} (1-based, counted in bytes): {malformed.Reason}");
                return new GitComponent(document, ConfigJson.HashText(document.RawJson), null, Empty);
            }

            var root = parsed.RootElement;
            var compact = ConfigJson.Compact(root);
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.ConfigNotObject, document.Id, document.RepoPath,
                    $"{document.RepoPath} must hold a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}.");
                return new GitComponent(document, ConfigJson.HashCompact(compact), null, Empty);
            }

            // Drift is settled now, while the config is parsed, so nothing of it has to be kept for later.
            return new GitComponent(
                document, ConfigJson.HashCompact(compact), Drift(document, root, compact),
                DependencyInferrer.Infer(document.Id, root, _aliases));
        }

        private bool? Drift(ConfigDocument document, JsonElement gitConfig, byte[] gitCompact)
        {
            if (parameters is null)
            {
                return null;
            }

            var id = document.Id;
            _parameters.TryGetValue(id, out var stored);
            if (stored?.ConfigJson is null)
            {
                Warning(DiagnosticCodes.ConfigDrift, id, ComponentPaths.ConfigParameter(prefix, id),
                    $"{id}'s config in Git was never published to Parameter Store ({ComponentPaths.ConfigParameter(prefix, id)} is missing).");
                return true;
            }

            // Publishing writes exactly the compact JSON, so byte equality settles the common case without parsing.
            if (ConfigJson.SameText(gitCompact, stored.ConfigJson))
            {
                return false;
            }

            using var deployed = ParseParameter(id, stored.ConfigJson, "config");
            if (deployed is null)
            {
                return true;
            }

            if (ConfigJson.SemanticallyEqual(gitConfig, deployed.RootElement))
            {
                return false;
            }

            Warning(DiagnosticCodes.ConfigDrift, id, ComponentPaths.ConfigParameter(prefix, id),
                $"{id}'s config in Parameter Store differs from {document.RepoPath} in Git.");
            return true;
        }

        private void CheckRuntimeKeys(Dictionary<ComponentId, HashSet<string>> runtimeKeys)
        {
            foreach (var read in _keyReads)
            {
                // Knowable only when the provider has a runtime that is a JSON object; otherwise other warnings apply.
                if (!runtimeKeys.TryGetValue(read.Provider, out var emittedKeys) || emittedKeys.Contains(read.Key))
                {
                    continue;
                }

                var emitted = string.Join(", ", emittedKeys.Order(StringComparer.Ordinal));
                Warning(DiagnosticCodes.MissingRuntimeKey, read.Consumer, At(_git[read.Consumer], read.JsonPath),
                    $"{read.Consumer} reads '{read.Key}' from {read.Provider}'s runtime ({ComponentPaths.RuntimeParameter(prefix, read.Provider)}), " +
                    $"which has no such key; it has: {(emitted.Length == 0 ? "(none)" : emitted)}.");
            }
        }

        private JsonDocument? ParseParameter(ComponentId id, string json, string kind)
        {
            var name = kind == "config" ? ComponentPaths.ConfigParameter(prefix, id) : ComponentPaths.RuntimeParameter(prefix, id);
            var document = ConfigJson.TryParse(json, out var malformed);
            if (document is null)
            {
                Warning(DiagnosticCodes.MalformedParameter, id, name,
                    $"{name} is not valid JSON at line {malformed!.Line}, column {malformed.Column} (1-based, counted in bytes): {malformed.Reason}");
                return null;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Warning(DiagnosticCodes.MalformedParameter, id, name, $"{name} must hold a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
                document.Dispose();
                return null;
            }

            return document;
        }

        private string ParameterPath(ComponentParameters stored) =>
            stored.ConfigJson is not null ? ComponentPaths.ConfigParameter(prefix, stored.Id) : ComponentPaths.RuntimeParameter(prefix, stored.Id);

        private static string At(GitComponent component, string jsonPath) => $"{component.Document.RepoPath} {jsonPath}";

        private void Error(string code, ComponentId? id, string location, string message) =>
            _diagnostics.Add(new GraphDiagnostic(code, DiagnosticSeverity.Error, id, location, message));

        private void Warning(string code, ComponentId? id, string location, string message) =>
            _diagnostics.Add(new GraphDiagnostic(code, DiagnosticSeverity.Warning, id, location, message));

        private static Dictionary<ComponentId, ComponentParameters> ParametersById(ParameterSnapshot? snapshot)
        {
            var byId = new Dictionary<ComponentId, ComponentParameters>();
            foreach (var component in snapshot?.Components ?? [])
            {
                byId.TryAdd(component.Id, component);
            }

            return byId;
        }

        private static readonly ConfigReferences Empty = new([], [], []);
    }

    /// <param name="Drift">Whether Parameter Store's config differs (null: not comparable, e.g. a broken file or no Parameter Store).</param>
    private sealed record GitComponent(ConfigDocument Document, string Hash, bool? Drift, ConfigReferences References);
}
