namespace Karma.Gremlin.Graph;

/// <summary><c>g:T</c>: the element tokens that are not properties.</summary>
public enum T
{
    Id,
    Label,
    Key,
    Value,
}

/// <summary><c>g:Direction</c>. In <c>mergeE</c> maps OUT is the "from" vertex and IN the "to" vertex.</summary>
public enum Direction
{
    Out,
    In,
    Both,
}

/// <summary><c>g:Merge</c>: the options of <c>mergeV</c>/<c>mergeE</c>.</summary>
public enum Merge
{
    OnCreate,
    OnMatch,
    OutV,
    InV,
}

/// <summary><c>g:Cardinality</c>: how <c>property()</c> treats existing values (Neptune defaults to Set).</summary>
public enum Cardinality
{
    SingleValue,
    List,
    Set,
}

/// <summary>Wire names of the tokens, exactly as TinkerPop's GraphSON 3 IO reference spells them.</summary>
public static class GremlinTokenNames
{
    public static string ToWire(this T token) => token switch
    {
        T.Id => "id",
        T.Label => "label",
        T.Key => "key",
        T.Value => "value",
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown T."),
    };

    public static string ToWire(this Direction direction) => direction switch
    {
        Direction.Out => "OUT",
        Direction.In => "IN",
        Direction.Both => "BOTH",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown Direction."),
    };

    public static string ToWire(this Merge merge) => merge switch
    {
        Merge.OnCreate => "onCreate",
        Merge.OnMatch => "onMatch",
        Merge.OutV => "outV",
        Merge.InV => "inV",
        _ => throw new ArgumentOutOfRangeException(nameof(merge), merge, "Unknown Merge."),
    };

    public static string ToWire(this Cardinality cardinality) => cardinality switch
    {
        Cardinality.SingleValue => "single",
        Cardinality.List => "list",
        Cardinality.Set => "set",
        _ => throw new ArgumentOutOfRangeException(nameof(cardinality), cardinality, "Unknown Cardinality."),
    };

    public static T ParseT(string wire) => wire switch
    {
        "id" => T.Id,
        "label" => T.Label,
        "key" => T.Key,
        "value" => T.Value,
        _ => throw new FormatException($"'{wire}' is not a g:T value (id, label, key, value)."),
    };

    // Merge-era servers may also spell the edge ends "from"/"to"; they are the same directions.
    public static Direction ParseDirection(string wire) => wire switch
    {
        "OUT" or "from" => Direction.Out,
        "IN" or "to" => Direction.In,
        "BOTH" => Direction.Both,
        _ => throw new FormatException($"'{wire}' is not a g:Direction value (OUT, IN, BOTH)."),
    };

    public static Merge ParseMerge(string wire) => wire switch
    {
        "onCreate" => Merge.OnCreate,
        "onMatch" => Merge.OnMatch,
        "outV" => Merge.OutV,
        "inV" => Merge.InV,
        _ => throw new FormatException($"'{wire}' is not a g:Merge value (onCreate, onMatch, outV, inV)."),
    };

    public static Cardinality ParseCardinality(string wire) => wire switch
    {
        "single" => Cardinality.SingleValue,
        "list" => Cardinality.List,
        "set" => Cardinality.Set,
        _ => throw new FormatException($"'{wire}' is not a g:Cardinality value (single, list, set)."),
    };
}
