using System.Text;
using System.Text.Json;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.GraphSon;

/// <summary>Every supported type against documents from TinkerPop's IO reference (see Golden/README.md).</summary>
public sealed class GraphSonGoldenTests
{
    private static readonly DateTimeOffset ReferenceDate = DateTimeOffset.FromUnixTimeMilliseconds(1481750076295);

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json")).Trim();

    private static object? ReadGolden(string name) => GraphSonReader.Parse(Golden(name));

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), $"expected {expected}\nactual   {actual}");

    public static TheoryData<string> AllValueDocuments =>
    [
        "int32", "int64", "double", "float", "date", "uuid", "list", "set", "map", "t", "direction", "merge", "cardinality",
        "property", "vertexproperty", "edge", "vertex", "traverser", "bytecode",
    ];

    [Theory]
    [MemberData(nameof(AllValueDocuments))]
    public void Reading_then_writing_reproduces_the_reference_document(string name)
    {
        var value = ReadGolden(name);

        AssertSameJson(Golden(name), GraphSonWriter.ToJson(value));
    }

    [Fact]
    public void Scalars_decode_to_their_dotnet_types()
    {
        Assert.Equal(100, Assert.IsType<int>(ReadGolden("int32")));
        Assert.Equal(100L, Assert.IsType<long>(ReadGolden("int64")));
        Assert.Equal(100.0, Assert.IsType<double>(ReadGolden("double")));
        Assert.Equal(100f, Assert.IsType<float>(ReadGolden("float")));
        Assert.Equal(ReferenceDate, Assert.IsType<DateTimeOffset>(ReadGolden("date")));
        Assert.Equal(Guid.Parse("41d2e28a-20a4-4ab0-b379-d810dede3786"), Assert.IsType<Guid>(ReadGolden("uuid")));
    }

    [Fact]
    public void Tokens_decode_to_enums()
    {
        Assert.Equal(T.Label, ReadGolden("t"));
        Assert.Equal(Direction.Out, ReadGolden("direction"));
        Assert.Equal(Merge.OnMatch, ReadGolden("merge"));
        Assert.Equal(Cardinality.List, ReadGolden("cardinality"));
    }

    [Fact]
    public void Collections_keep_order_and_typed_keys()
    {
        Assert.Equal(new List<object?> { 1, "person", true }, Assert.IsType<List<object?>>(ReadGolden("list")));
        Assert.Equal([1, "person", true], Assert.IsType<GremlinSet>(ReadGolden("set")));
        var map = Assert.IsType<Dictionary<object, object?>>(ReadGolden("map"));
        Assert.Equal("red", map[ReferenceDate]);
        var listKey = Assert.IsType<List<object?>>(map.Keys.ElementAt(1));
        Assert.Equal([1, 2, 3], listKey);
        Assert.Equal(ReferenceDate, map[listKey]);
        Assert.Equal(123, map["test"]);
    }

    [Fact]
    public void Elements_decode_with_ids_labels_and_properties()
    {
        var vertex = Assert.IsType<Vertex>(ReadGolden("vertex"));
        Assert.Equal((1, "person"), ((int)vertex.Id, vertex.Label));
        Assert.Equal("marko", vertex.Properties!["name"].Single().Value);
        Assert.Equal(["san diego", "santa cruz", "brussels", "santa fe"], vertex.Properties["location"].Select(p => p.Value));
        Assert.Equal(1997, vertex.Properties["location"][0].Properties!["startTime"]);

        var edge = Assert.IsType<Edge>(ReadGolden("edge"));
        Assert.Equal(new Edge(13, "develops", 1, "person", 10, "software", edge.Properties), edge);
        Assert.Equal(2009, edge.Properties!["since"]);

        Assert.Equal(new ElementProperty("since", 2009), ReadGolden("property"));
        Assert.Equal(new VertexProperty(0L, "name", "marko"), ReadGolden("vertexproperty"));

        var traverser = Assert.IsType<Traverser>(ReadGolden("traverser"));
        Assert.Equal(1L, traverser.Bulk);
        Assert.Equal("person", Assert.IsType<Vertex>(traverser.Value).Label);
    }

    [Fact]
    public void Bytecode_decodes_to_steps_and_the_builder_writes_the_same_document()
    {
        var bytecode = Assert.IsType<Bytecode>(ReadGolden("bytecode"));
        Assert.Equal(["V", "hasLabel", "out", "in", "tree"], bytecode.StepInstructions.Select(step => step.Operator));

        var built = GraphTraversal.G().V().HasLabel("person").Step("out").Step("in").Step("tree");
        AssertSameJson(Golden("bytecode"), GraphSonWriter.ToJson(built.Bytecode));
    }

    [Fact]
    public void A_standard_result_message_decodes_and_encodes_like_the_reference()
    {
        var response = GremlinMessageCodec.DecodeResponse(Encoding.UTF8.GetBytes(Golden("standardresult")));

        Assert.Equal(Guid.Parse("41d2e28a-20a4-4ab0-b379-d810dede3786"), response.RequestId);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("marko", Assert.IsType<Vertex>(Assert.IsType<List<object?>>(response.Data).Single()).Properties!["name"][0].Value);
        AssertSameJson(Golden("standardresult"), Encoding.UTF8.GetString(GremlinMessageCodec.EncodeResponse(response)));
    }

    [Fact]
    public void An_authentication_challenge_decodes_as_407_without_data()
    {
        var response = GremlinMessageCodec.DecodeResponse(Encoding.UTF8.GetBytes(Golden("authenticationchallenge")));

        Assert.Equal(407, response.StatusCode);
        Assert.Null(response.Data);
        AssertSameJson(Golden("authenticationchallenge"), Encoding.UTF8.GetString(GremlinMessageCodec.EncodeResponse(response)));
    }

    [Fact]
    public void A_SASL_answer_is_framed_with_the_mime_prefix_and_matches_the_reference_body()
    {
        var request = new GremlinRequest(
            Guid.Parse("cb682578-9d92-4499-9ebc-5c6aa73c5397"),
            "authentication",
            string.Empty,
            new Dictionary<string, object?> { ["saslMechanism"] = "PLAIN", ["sasl"] = "AHN0ZXBocGhlbgBwYXNzd29yZA==" });

        var frame = GremlinMessageCodec.EncodeRequest(request);

        Assert.Equal(33, frame[0]);
        Assert.Equal("application/vnd.gremlin-v3.0+json", Encoding.UTF8.GetString(frame, 1, 33));
        AssertSameJson(Golden("authenticationresponse"), Encoding.UTF8.GetString(frame, 34, frame.Length - 34));
        Assert.Equal(request.RequestId, GremlinMessageCodec.DecodeRequest(frame).RequestId);
    }
}
