using Karma.Core.Model;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Neptune;

/// <summary>
/// The bytecode requests that apply a <see cref="ComponentGraphDelta"/>, in phases that must run in order
/// (edge deletes, vertex deletes, vertex upserts, edge upserts); requests within a phase are independent and run
/// in parallel. Each request carries at most BatchSize records and MaxStepsPerRequest steps.
/// </summary>
public sealed class NeptuneWritePlan
{
    private NeptuneWritePlan(IReadOnlyList<IReadOnlyList<Bytecode>> phases)
    {
        Phases = phases;
    }

    public IReadOnlyList<IReadOnlyList<Bytecode>> Phases { get; }

    public int RequestCount => Phases.Sum(phase => phase.Count);

    public static NeptuneWritePlan Create(string environment, ComponentGraphDelta delta, int batchSize, int maxStepsPerRequest)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStepsPerRequest, 16);

        var removedNodes = delta.NodesRemoved.ToHashSet();
        var phases = new List<IReadOnlyList<Bytecode>>();

        // Dropping a vertex drops its edges, so only edges between surviving vertices need their own delete.
        var edgeDeletes = new BatchBuilder(batchSize, maxStepsPerRequest, static () => [new Instruction("inject", [1])]);
        foreach (var edge in delta.EdgesRemoved.Where(edge => !removedNodes.Contains(edge.From) && !removedNodes.Contains(edge.To)))
        {
            edgeDeletes.Add(EdgeDelete(environment, edge));
        }

        phases.Add(edgeDeletes.Finish());
        phases.Add(delta.NodesRemoved
            .Chunk(batchSize)
            .Select(chunk =>
            {
                var drop = GraphTraversal.G().V(chunk.Select(id => (object)NeptuneSchema.ComponentVertexId(environment, id)).ToArray()).Drop();
                return drop.Bytecode;
            })
            .ToList());

        var upserts = new BatchBuilder(batchSize, maxStepsPerRequest, static () => []);
        foreach (var node in delta.NodesAdded)
        {
            upserts.Add(VertexUpsert(environment, null, node));
        }

        foreach (var update in delta.NodesUpdated)
        {
            upserts.Add(VertexUpsert(environment, update.Before, update.After));
        }

        phases.Add(upserts.Finish());

        var edgeUpserts = new BatchBuilder(batchSize, maxStepsPerRequest, static () => []);
        foreach (var edge in delta.EdgesAdded)
        {
            edgeUpserts.Add([EdgeUpsert(environment, edge)]);
        }

        phases.Add(edgeUpserts.Finish());
        return new NeptuneWritePlan(phases.Where(phase => phase.Count > 0).ToList());
    }

    /// <summary>
    /// <c>mergeV([(T.id): id]).option(onCreate, [all properties])</c>, then <c>property(single, …)</c> for each property
    /// that changed (single cardinality replaces the value; Neptune's default, set, would add to it).
    /// </summary>
    private static List<Instruction> VertexUpsert(string environment, ComponentNode? before, ComponentNode node)
    {
        var onCreate = new Dictionary<object, object?> { [T.Label] = NeptuneSchema.ComponentLabel };
        foreach (var (key, value) in Properties(node).Where(pair => pair.Value is not null))
        {
            onCreate[key] = value;
        }

        var steps = new List<Instruction>
        {
            new("mergeV", [new Dictionary<object, object?> { [T.Id] = NeptuneSchema.ComponentVertexId(environment, node.Id) }]),
            new("option", [Merge.OnCreate, onCreate]),
        };
        if (before is null)
        {
            return steps;
        }

        var old = Properties(before).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var (key, value) in Properties(node).Where(pair => !string.Equals(old[pair.Key], pair.Value, StringComparison.Ordinal)))
        {
            steps.Add(value is null
                ? new Instruction("sideEffect", [GraphTraversal.Anonymous().Properties(key).Drop().Bytecode])
                : new Instruction("property", [Cardinality.SingleValue, key, value]));
        }

        return steps;
    }

    private static Instruction EdgeUpsert(string environment, DependencyEdge edge) =>
        new("mergeE", [new Dictionary<object, object?>
        {
            [T.Label] = edge.Label.ToWire(),
            [Direction.Out] = NeptuneSchema.ComponentVertexId(environment, edge.From),
            [Direction.In] = NeptuneSchema.ComponentVertexId(environment, edge.To),
            [NeptuneSchema.JsonPath] = edge.JsonPath,
        }]);

    private static List<Instruction> EdgeDelete(string environment, DependencyEdge edge) =>
    [
        new("sideEffect", [GraphTraversal.Anonymous()
            .V(NeptuneSchema.ComponentVertexId(environment, edge.From))
            .OutE(edge.Label.ToWire())
            .Has(NeptuneSchema.JsonPath, edge.JsonPath)
            .Where(GraphTraversal.Anonymous().InV().HasId(NeptuneSchema.ComponentVertexId(environment, edge.To)))
            .Drop()
            .Bytecode]),
    ];

    internal static IEnumerable<KeyValuePair<string, string?>> Properties(ComponentNode node) =>
    [
        new(NeptuneSchema.Type, node.Id.Type),
        new(NeptuneSchema.Nickname, node.Id.Nickname),
        new(NeptuneSchema.Environment, node.Environment),
        new(NeptuneSchema.ConfigPath, node.ConfigPath),
        new(NeptuneSchema.RuntimePath, node.RuntimePath),
        new(NeptuneSchema.ConfigHash, node.ConfigHash),
        new(NeptuneSchema.GitCommit, node.GitCommit),
        new(NeptuneSchema.LastChangeId, node.LastChangeId),
    ];

    /// <summary>Packs per-record instruction lists into requests within the record and step limits.</summary>
    private sealed class BatchBuilder(int batchSize, int maxSteps, Func<List<Instruction>> start)
    {
        private readonly List<Bytecode> _requests = [];
        private Bytecode? _current;
        private int _records;
        private int _steps;

        public void Add(List<Instruction> record)
        {
            var recordSteps = record.Sum(instruction => 1 + instruction.Arguments.OfType<Bytecode>().Sum(nested => nested.CountSteps()));
            if (_current is null || _records >= batchSize || _steps + recordSteps > maxSteps)
            {
                Flush();
                _current = new Bytecode();
                _steps = 0;
                foreach (var instruction in start())
                {
                    _current.AddStep(instruction.Operator, [.. instruction.Arguments]);
                    _steps++;
                }
            }

            foreach (var instruction in record)
            {
                _current.AddStep(instruction.Operator, [.. instruction.Arguments]);
            }

            _records++;
            _steps += recordSteps;
        }

        public List<Bytecode> Finish()
        {
            Flush();
            return _requests;
        }

        private void Flush()
        {
            if (_current is not null && _records > 0)
            {
                _requests.Add(_current);
            }

            _current = null;
            _records = 0;
        }
    }
}
