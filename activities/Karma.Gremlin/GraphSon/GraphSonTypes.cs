namespace Karma.Gremlin.GraphSon;

/// <summary>The GraphSON 3 type names Karma reads and writes (TinkerPop IO reference, "GraphSON 3.0").</summary>
internal static class GraphSonTypes
{
    public const string Int32 = "g:Int32";
    public const string Int64 = "g:Int64";
    public const string Float = "g:Float";
    public const string Double = "g:Double";
    public const string Date = "g:Date";
    public const string Uuid = "g:UUID";
    public const string List = "g:List";
    public const string Set = "g:Set";
    public const string Map = "g:Map";
    public const string Vertex = "g:Vertex";
    public const string VertexProperty = "g:VertexProperty";
    public const string Edge = "g:Edge";
    public const string Property = "g:Property";
    public const string Traverser = "g:Traverser";
    public const string T = "g:T";
    public const string Direction = "g:Direction";
    public const string Merge = "g:Merge";
    public const string Cardinality = "g:Cardinality";
    public const string Bytecode = "g:Bytecode";
    public const string BulkSet = "g:BulkSet";

    public const string TypeKey = "@type";
    public const string ValueKey = "@value";
}
