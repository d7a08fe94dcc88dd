namespace Karma.Core.Model;

/// <summary>Edge labels of the component graph, as Karma's graph schema names them.</summary>
public enum EdgeLabel
{
    /// <summary>Declared in the consumer's top-level <c>depends_on</c> array.</summary>
    DependsOn,

    /// <summary>Inferred: the consumer reads the provider's runtime outputs (consumer → provider).</summary>
    ConsumesRuntimeFrom,

    /// <summary>The reverse of <see cref="ConsumesRuntimeFrom"/> (provider → consumer).</summary>
    EmitsRuntimeTo,
}

public static class EdgeLabels
{
    public static string ToWire(this EdgeLabel label) => label switch
    {
        EdgeLabel.DependsOn => "depends_on",
        EdgeLabel.ConsumesRuntimeFrom => "consumes_runtime_from",
        EdgeLabel.EmitsRuntimeTo => "emits_runtime_to",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Unknown edge label."),
    };

    public static EdgeLabel FromWire(string wire) => wire switch
    {
        "depends_on" => EdgeLabel.DependsOn,
        "consumes_runtime_from" => EdgeLabel.ConsumesRuntimeFrom,
        "emits_runtime_to" => EdgeLabel.EmitsRuntimeTo,
        _ => throw new FormatException($"'{wire}' is not an edge label (depends_on, consumes_runtime_from, emits_runtime_to)."),
    };
}
