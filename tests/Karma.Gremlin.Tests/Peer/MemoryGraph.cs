using System.Collections;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Peer;

/// <summary>
/// A small in-memory graph that interprets the bytecode Karma sends (mergeV/mergeE with options, V/E, has, outE,
/// where, sideEffect, property with cardinality, properties, drop, elementMap, …) with TinkerPop's semantics and
/// Neptune's default set cardinality, so the store's round trip is exercised for real rather than against canned replies.
/// It is strict where TinkerPop is strict: null property values and mergeE to a missing vertex are errors.
/// </summary>
internal sealed class MemoryGraph
{
    private readonly Dictionary<object, MemoryVertex> _vertices = [];
    private readonly Dictionary<object, MemoryEdge> _edges = [];
    private readonly Lock _lock = new();

    public int VertexCount
    {
        get
        {
            lock (_lock)
            {
                return _vertices.Count;
            }
        }
    }

    public int EdgeCount
    {
        get
        {
            lock (_lock)
            {
                return _edges.Count;
            }
        }
    }

    /// <summary>All values of a vertex property (more than one means a set-cardinality leak).</summary>
    public IReadOnlyList<object> PropertyValues(object vertexId, string key)
    {
        lock (_lock)
        {
            return _vertices.TryGetValue(vertexId, out var vertex) && vertex.Properties.TryGetValue(key, out var values) ? [.. values] : [];
        }
    }

    public List<object?> Execute(Bytecode bytecode)
    {
        lock (_lock)
        {
            return Run(bytecode.StepInstructions, null).Select(Materialize).ToList();
        }
    }

    // Elements leave the peer as GraphSON reference elements (id and label only), as Gremlin Server sends them.
    private static object? Materialize(object item) => item switch
    {
        MemoryVertex vertex => new Vertex(vertex.Id, vertex.Label),
        MemoryEdge edge => new Edge(edge.Id, edge.Label, edge.Out.Id, edge.Out.Label, edge.In.Id, edge.In.Label),
        MemoryProperty property => new VertexProperty(property.Key, property.Key, property.Value),
        _ => item,
    };

    private List<object> Run(IReadOnlyList<Instruction> steps, List<object>? start)
    {
        var current = start;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var options = new Dictionary<Merge, IDictionary>();
            while (step.Operator is "mergeV" or "mergeE" && i + 1 < steps.Count && steps[i + 1].Operator == "option")
            {
                var option = steps[++i].Arguments;
                if (option is not [Merge token, IDictionary map])
                {
                    throw new PeerEvaluationException("option() after a merge step needs a Merge token and a map");
                }

                options[token] = map;
            }

            current = Apply(step, options, current);
        }

        return current ?? [];
    }

    private List<object> Apply(Instruction step, Dictionary<Merge, IDictionary> options, List<object>? current)
    {
        var args = step.Arguments;
        return step.Operator switch
        {
            "V" => PerTraverser(current, _ => Vertices(args)),
            "E" => PerTraverser(current, _ => args.Count == 0 ? [.. _edges.Values] : args.Select(id => _edges.GetValueOrDefault(id!)).OfType<object>().ToList()),
            "inject" => [.. current ?? [], .. args.Select(arg => arg ?? throw new PeerEvaluationException("inject(null) is not supported"))],
            "mergeV" => PerTraverser(current, _ => [MergeVertex(Map(args, 0), options)]),
            "mergeE" => PerTraverser(current, _ => [MergeEdge(Map(args, 0), options)]),
            "property" => Each(Require(current, step), element => SetProperty(element, args)),
            "properties" => Require(current, step).SelectMany(element => Properties(element, args)).ToList(),
            "drop" => Drop(Require(current, step)),
            "sideEffect" => Each(Require(current, step), element => Run(Nested(args).StepInstructions, [element])),
            "where" => Require(current, step).Where(element => Run(Nested(args).StepInstructions, [element]).Count > 0).ToList(),
            "has" => Require(current, step).Where(element => Has(element, args)).ToList(),
            "hasLabel" => Require(current, step).Where(element => args.Contains(LabelOf(element))).ToList(),
            "hasId" => Require(current, step).Where(element => args.Contains(IdOf(element))).ToList(),
            "outE" => Require(current, step).SelectMany(element => AsVertex(element).OutEdges.Where(edge => args.Count == 0 || args.Contains(edge.Label))).Cast<object>().ToList(),
            "inE" => Require(current, step).SelectMany(element => AsVertex(element).InEdges.Where(edge => args.Count == 0 || args.Contains(edge.Label))).Cast<object>().ToList(),
            "out" => Require(current, step).SelectMany(element => AsVertex(element).OutEdges.Where(edge => args.Count == 0 || args.Contains(edge.Label)).Select(edge => edge.In)).Cast<object>().ToList(),
            "inV" => Require(current, step).Select(element => (object)AsEdge(element).In).ToList(),
            "outV" => Require(current, step).Select(element => (object)AsEdge(element).Out).ToList(),
            "elementMap" => Require(current, step).Select(element => (object)ElementMap(element, args)).ToList(),
            "valueMap" => Require(current, step).Select(element => (object)ValueMap(AsVertex(element))).ToList(),
            "id" => Require(current, step).Select(IdOf).ToList(),
            "label" => Require(current, step).Select(element => (object)LabelOf(element)).ToList(),
            "count" => [(long)Require(current, step).Count],
            "fold" => [Require(current, step).Cast<object?>().ToList()],
            "limit" => Require(current, step).Take(Convert.ToInt32(args[0], System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            _ => throw new PeerEvaluationException($"The test peer does not support the step '{step.Operator}'"),
        };
    }

    private static List<object> PerTraverser(List<object>? current, Func<object?, List<object>> produce) =>
        current is null ? produce(null) : current.SelectMany(traverser => produce(traverser)).ToList();

    private static List<object> Each(List<object> current, Action<object> action)
    {
        foreach (var item in current)
        {
            action(item);
        }

        return current;
    }

    private static List<object> Require(List<object>? current, Instruction step) =>
        current ?? throw new PeerEvaluationException($"'{step.Operator}' cannot start a traversal");

    private static Bytecode Nested(IReadOnlyList<object?> args) =>
        args is [Bytecode nested] ? nested : throw new PeerEvaluationException("expected one anonymous traversal argument (no lambdas)");

    private static IDictionary Map(IReadOnlyList<object?> args, int index) =>
        args.Count > index && args[index] is IDictionary map ? map : throw new PeerEvaluationException("merge steps need a map argument");

    private List<object> Vertices(IReadOnlyList<object?> ids) =>
        ids.Count == 0 ? [.. _vertices.Values] : ids.Select(id => _vertices.GetValueOrDefault(id!)).OfType<object>().ToList();

    private MemoryVertex MergeVertex(IDictionary match, Dictionary<Merge, IDictionary> options)
    {
        var found = _vertices.Values.Where(vertex => Matches(vertex, match)).ToList();
        if (found.Count > 0)
        {
            foreach (var vertex in found)
            {
                if (options.TryGetValue(Merge.OnMatch, out var onMatch))
                {
                    foreach (DictionaryEntry entry in onMatch)
                    {
                        AddSetValue(vertex, (string)entry.Key, NotNull(entry.Value, entry.Key));
                    }
                }
            }

            return found[0];
        }

        var create = new Dictionary<object, object?>();
        foreach (DictionaryEntry entry in match)
        {
            create[entry.Key] = entry.Value;
        }

        if (options.TryGetValue(Merge.OnCreate, out var onCreate))
        {
            foreach (DictionaryEntry entry in onCreate)
            {
                if (entry.Key is T.Id && create.TryGetValue(T.Id, out var matchedId) && !Equals(matchedId, entry.Value))
                {
                    throw new PeerEvaluationException("mergeV onCreate may not change the id it matched on");
                }

                create[entry.Key] = entry.Value;
            }
        }

        var id = create.GetValueOrDefault(T.Id) ?? Guid.NewGuid().ToString();
        var created = new MemoryVertex(id, create.GetValueOrDefault(T.Label) as string ?? "vertex");
        foreach (var (key, value) in create.Where(pair => pair.Key is string))
        {
            created.Properties[(string)key] = [NotNull(value, key)];
        }

        _vertices.Add(id, created);
        return created;
    }

    private MemoryEdge MergeEdge(IDictionary match, Dictionary<Merge, IDictionary> options)
    {
        var outId = match.Contains(Direction.Out) ? match[Direction.Out] : throw new PeerEvaluationException("mergeE needs Direction.from (OUT)");
        var inId = match.Contains(Direction.In) ? match[Direction.In] : throw new PeerEvaluationException("mergeE needs Direction.to (IN)");
        var outVertex = _vertices.GetValueOrDefault(outId!) ?? throw new PeerEvaluationException($"Vertex does not exist for mergeE: {outId}");
        var inVertex = _vertices.GetValueOrDefault(inId!) ?? throw new PeerEvaluationException($"Vertex does not exist for mergeE: {inId}");
        var label = match.Contains(T.Label) ? (string)match[T.Label]! : "edge";
        var properties = Entries(match).Where(entry => entry.Key is string).ToList();
        var found = outVertex.OutEdges.FirstOrDefault(edge =>
            edge.In == inVertex && edge.Label == label &&
            properties.All(entry => edge.Properties.TryGetValue((string)entry.Key, out var value) && Equals(value, entry.Value)));
        if (found is not null)
        {
            return found;
        }

        var created = new MemoryEdge(Guid.NewGuid().ToString(), label, outVertex, inVertex);
        foreach (var entry in properties)
        {
            created.Properties[(string)entry.Key] = NotNull(entry.Value, entry.Key);
        }

        if (options.TryGetValue(Merge.OnCreate, out var onCreate))
        {
            foreach (DictionaryEntry entry in onCreate)
            {
                if (entry.Key is string key)
                {
                    created.Properties[key] = NotNull(entry.Value, key);
                }
            }
        }

        _edges.Add(created.Id, created);
        outVertex.OutEdges.Add(created);
        inVertex.InEdges.Add(created);
        return created;
    }

    private static bool Matches(MemoryVertex vertex, IDictionary match) =>
        Entries(match).All(entry => entry.Key switch
        {
            T.Id => Equals(vertex.Id, entry.Value),
            T.Label => Equals(vertex.Label, entry.Value),
            string key => vertex.Properties.TryGetValue(key, out var values) && values.Contains(entry.Value!),
            _ => throw new PeerEvaluationException($"mergeV cannot match on {entry.Key}"),
        });

    private static void SetProperty(object element, IReadOnlyList<object?> args)
    {
        var (cardinality, key, value) = args switch
        {
            [Cardinality c, string k, var v] => ((Cardinality?)c, k, v),
            [string k, var v] => ((Cardinality?)null, k, v),
            _ => throw new PeerEvaluationException("property() needs [cardinality,] key, value"),
        };
        var notNull = NotNull(value, key);
        switch (element)
        {
            case MemoryVertex vertex when cardinality == Cardinality.SingleValue:
                vertex.Properties[key] = [notNull];
                break;
            case MemoryVertex vertex when cardinality == Cardinality.List:
                vertex.Properties.TryAdd(key, []);
                vertex.Properties[key].Add(notNull);
                break;
            case MemoryVertex vertex:
                // Neptune's default cardinality is set: a plain property() adds a value instead of replacing it.
                AddSetValue(vertex, key, notNull);
                break;
            case MemoryEdge edge:
                edge.Properties[key] = notNull;
                break;
            default:
                throw new PeerEvaluationException("property() needs a vertex or an edge");
        }
    }

    private static void AddSetValue(MemoryVertex vertex, string key, object value)
    {
        vertex.Properties.TryAdd(key, []);
        if (!vertex.Properties[key].Contains(value))
        {
            vertex.Properties[key].Add(value);
        }
    }

    private static List<object> Properties(object element, IReadOnlyList<object?> keys)
    {
        var vertex = AsVertex(element);
        return vertex.Properties
            .Where(pair => keys.Count == 0 || keys.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Select(value => (object)new MemoryProperty(vertex, pair.Key, value)))
            .ToList();
    }

    private List<object> Drop(List<object> current)
    {
        foreach (var item in current)
        {
            switch (item)
            {
                case MemoryVertex vertex:
                    foreach (var edge in vertex.OutEdges.Concat(vertex.InEdges).ToList())
                    {
                        RemoveEdge(edge);
                    }

                    _vertices.Remove(vertex.Id);
                    break;
                case MemoryEdge edge:
                    RemoveEdge(edge);
                    break;
                case MemoryProperty property:
                    if (property.Owner.Properties.TryGetValue(property.Key, out var values))
                    {
                        values.Remove(property.Value);
                        if (values.Count == 0)
                        {
                            property.Owner.Properties.Remove(property.Key);
                        }
                    }

                    break;
                default:
                    throw new PeerEvaluationException($"drop() cannot drop {item.GetType().Name}");
            }
        }

        return [];
    }

    private void RemoveEdge(MemoryEdge edge)
    {
        _edges.Remove(edge.Id);
        edge.Out.OutEdges.Remove(edge);
        edge.In.InEdges.Remove(edge);
    }

    private static bool Has(object element, IReadOnlyList<object?> args)
    {
        var (label, key, value) = args switch
        {
            [string k, var v] => (null, k, v),
            [string l, string k, var v] => (l, k, v),
            _ => throw new PeerEvaluationException("has() supports (key, value) and (label, key, value)"),
        };
        if (label is not null && LabelOf(element) != label)
        {
            return false;
        }

        return element switch
        {
            MemoryVertex vertex => vertex.Properties.TryGetValue(key, out var values) && values.Contains(value!),
            MemoryEdge edge => edge.Properties.TryGetValue(key, out var single) && Equals(single, value),
            _ => false,
        };
    }

    private static Dictionary<object, object?> ElementMap(object element, IReadOnlyList<object?> keys)
    {
        switch (element)
        {
            case MemoryVertex vertex:
                var map = new Dictionary<object, object?> { [T.Id] = vertex.Id, [T.Label] = vertex.Label };
                foreach (var (key, values) in vertex.Properties.Where(pair => keys.Count == 0 || keys.Contains(pair.Key)))
                {
                    // elementMap() shows one value per key; more than one means a write used the default (set) cardinality.
                    map[key] = values.Count == 1 ? values[0] : throw new PeerEvaluationException($"vertex {vertex.Id} property '{key}' has {values.Count} values (set cardinality)");
                }

                return map;
            case MemoryEdge edge:
                var edgeMap = new Dictionary<object, object?>
                {
                    [T.Id] = edge.Id,
                    [T.Label] = edge.Label,
                    [Direction.In] = new Dictionary<object, object?> { [T.Id] = edge.In.Id, [T.Label] = edge.In.Label },
                    [Direction.Out] = new Dictionary<object, object?> { [T.Id] = edge.Out.Id, [T.Label] = edge.Out.Label },
                };
                foreach (var (key, value) in edge.Properties.Where(pair => keys.Count == 0 || keys.Contains(pair.Key)))
                {
                    edgeMap[key] = value;
                }

                return edgeMap;
            default:
                throw new PeerEvaluationException("elementMap() needs an element");
        }
    }

    private static Dictionary<object, object?> ValueMap(MemoryVertex vertex) =>
        vertex.Properties.ToDictionary(pair => (object)pair.Key, pair => (object?)pair.Value.Cast<object?>().ToList());

    // Enumerating an IDictionary as IEnumerable yields KeyValuePairs for generic dictionaries; its own enumerator yields entries.
    private static List<DictionaryEntry> Entries(IDictionary map)
    {
        var entries = new List<DictionaryEntry>();
        foreach (DictionaryEntry entry in map)
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static object NotNull(object? value, object key) =>
        value ?? throw new PeerEvaluationException($"Property value for '{key}' cannot be null");

    private static MemoryVertex AsVertex(object element) =>
        element as MemoryVertex ?? throw new PeerEvaluationException($"expected a vertex, got {element.GetType().Name}");

    private static MemoryEdge AsEdge(object element) =>
        element as MemoryEdge ?? throw new PeerEvaluationException($"expected an edge, got {element.GetType().Name}");

    private static object IdOf(object element) => element switch
    {
        MemoryVertex vertex => vertex.Id,
        MemoryEdge edge => edge.Id,
        _ => throw new PeerEvaluationException("id() needs an element"),
    };

    private static string LabelOf(object element) => element switch
    {
        MemoryVertex vertex => vertex.Label,
        MemoryEdge edge => edge.Label,
        _ => throw new PeerEvaluationException("label() needs an element"),
    };
}
