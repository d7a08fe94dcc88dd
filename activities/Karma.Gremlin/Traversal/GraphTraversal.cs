using Karma.Gremlin.Graph;

namespace Karma.Gremlin.Traversal;

/// <summary>
/// A small fluent builder over <see cref="Bytecode"/>: <c>GraphTraversal.G().V(id).ElementMap()</c>.
/// Only the steps Karma uses are named; <see cref="Step"/> adds any other step by name.
/// </summary>
public sealed class GraphTraversal
{
    private GraphTraversal()
    {
    }

    public Bytecode Bytecode { get; } = new();

    /// <summary>A traversal spawned from the graph traversal source <c>g</c>.</summary>
    public static GraphTraversal G() => new();

    /// <summary>An anonymous traversal (Gremlin's <c>__</c>), for arguments of steps such as <c>where</c> or <c>sideEffect</c>.</summary>
    public static GraphTraversal Anonymous() => new();

    public GraphTraversal Step(string name, params object?[] args)
    {
        Bytecode.AddStep(name, args.Select(arg => arg is GraphTraversal nested ? nested.Bytecode : arg).ToArray());
        return this;
    }

    public GraphTraversal V(params object[] ids) => Step("V", ids);

    public GraphTraversal E(params object[] ids) => Step("E", ids);

    public GraphTraversal Inject(params object?[] values) => Step("inject", values);

    public GraphTraversal Has(string key, object? value) => Step("has", key, value);

    public GraphTraversal Has(string label, string key, object? value) => Step("has", label, key, value);

    public GraphTraversal HasLabel(string label) => Step("hasLabel", label);

    public GraphTraversal HasId(params object[] ids) => Step("hasId", ids);

    public GraphTraversal OutE(params string[] labels) => Step("outE", labels);

    public GraphTraversal InV() => Step("inV");

    public GraphTraversal MergeV(IReadOnlyDictionary<object, object?> match) => Step("mergeV", match);

    public GraphTraversal MergeE(IReadOnlyDictionary<object, object?> match) => Step("mergeE", match);

    public GraphTraversal Option(Merge token, IReadOnlyDictionary<object, object?> map) => Step("option", token, map);

    public GraphTraversal Property(Cardinality cardinality, string key, object value) => Step("property", cardinality, key, value);

    public GraphTraversal Properties(params string[] keys) => Step("properties", keys);

    public GraphTraversal SideEffect(GraphTraversal traversal) => Step("sideEffect", traversal);

    public GraphTraversal Where(GraphTraversal traversal) => Step("where", traversal);

    public GraphTraversal Drop() => Step("drop");

    public GraphTraversal ElementMap(params string[] keys) => Step("elementMap", keys);

    public GraphTraversal Count() => Step("count");

    public GraphTraversal Id() => Step("id");
}
