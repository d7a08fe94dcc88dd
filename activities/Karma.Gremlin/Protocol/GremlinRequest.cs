using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Protocol;

/// <summary>A Gremlin Server request message (TinkerPop driver protocol, GraphSON 3).</summary>
public sealed record GremlinRequest(Guid RequestId, string Op, string Processor, IReadOnlyDictionary<string, object?> Args)
{
    public const string BytecodeOp = "bytecode";
    public const string EvalOp = "eval";
    public const string AuthenticationOp = "authentication";
    public const string TraversalProcessor = "traversal";

    private static readonly Dictionary<string, object?> DefaultAliases = new(StringComparer.Ordinal) { ["g"] = "g" };

    /// <summary>A traversal sent as bytecode: its values are data, never parsed as Gremlin.</summary>
    public static GremlinRequest ForBytecode(Guid requestId, Bytecode bytecode) =>
        new(requestId, BytecodeOp, TraversalProcessor, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["gremlin"] = bytecode,
            ["aliases"] = DefaultAliases,
        });

    /// <summary>A script (only for queries a user typed; Karma's own writes are always bytecode).</summary>
    public static GremlinRequest ForScript(Guid requestId, string script) =>
        new(requestId, EvalOp, string.Empty, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["gremlin"] = script,
            ["language"] = "gremlin-groovy",
            ["aliases"] = DefaultAliases,
        });

    /// <summary>The answer to a 407 challenge; it reuses the challenged request's id, as Gremlin Server expects.</summary>
    public static GremlinRequest ForSaslResponse(Guid requestId, string saslBase64) =>
        new(requestId, AuthenticationOp, TraversalProcessor, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["saslMechanism"] = "PLAIN",
            ["sasl"] = saslBase64,
        });

    // Args may hold SASL credentials; a logged request must never print them.
    public override string ToString() => $"{Op} request {RequestId}";
}
