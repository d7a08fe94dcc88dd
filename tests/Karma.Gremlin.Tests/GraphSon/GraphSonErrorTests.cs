using System.Text;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Protocol;

namespace Karma.Gremlin.Tests.GraphSon;

public sealed class GraphSonErrorTests
{
    [Theory]
    [InlineData("""{"@type":"g:Int32","@value":"seven"}""", "g:Int32")]
    [InlineData("""{"@type":"g:Int32","@value":2147483648}""", "g:Int32")]
    [InlineData("""{"@type":"g:Map","@value":["lonely key"]}""", "key/value pairs")]
    [InlineData("""{"@type":"g:Int32"}""", "'@value'")]
    [InlineData("""{"@type":"g:T","@value":"colour"}""", "'colour' is not a g:T")]
    [InlineData("""{"@type":"g:Vertex","@value":{"label":"x"}}""", "missing 'id'")]
    [InlineData("""{"@type":"g:List","@value":[1,""", "Not valid JSON")]
    public void Malformed_documents_fail_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Assert.Throws<GraphSonException>(() => GraphSonReader.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_dotnet_types_are_refused_by_name()
    {
        var error = Assert.Throws<GraphSonException>(() => GraphSonWriter.ToJson(12.5m));

        Assert.Contains("System.Decimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_graphson_types_pass_through_unchanged()
    {
        const string path = """{"@type":"g:Path","@value":{"labels":{"@type":"g:List","@value":[]},"objects":{"@type":"g:List","@value":["a"]}}}""";

        var value = Assert.IsType<GraphSonTypedValue>(GraphSonReader.Parse(path));

        Assert.Equal("g:Path", value.Type);
        Assert.Equal(path, GraphSonWriter.ToJson(value));
    }

    [Fact]
    public void A_frame_with_another_mime_type_is_rejected()
    {
        var mime = "application/json"u8.ToArray();
        byte[] frame = [(byte)mime.Length, .. mime, .. "{}"u8.ToArray()];

        var error = Assert.Throws<GraphSonException>(() => GremlinMessageCodec.DecodeRequest(frame));

        Assert.Contains("application/json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neptune_error_codes_are_read_from_the_status_message()
    {
        var json = """{"requestId":"41d2e28a-20a4-4ab0-b379-d810dede3786","status":{"message":"{\"requestId\":\"x\",\"code\":\"ConcurrentModificationException\",\"detailedMessage\":\"Failed to complete operation due to conflicting concurrent operations\"}","code":500,"attributes":{}},"result":{"data":null,"meta":{}}}""";

        var response = GremlinMessageCodec.DecodeResponse(Encoding.UTF8.GetBytes(json));

        Assert.Equal("ConcurrentModificationException", GremlinMessageCodec.ServerErrorCode(response));
        Assert.True(new GremlinServerException(response.RequestId, 500, "ConcurrentModificationException", response.StatusMessage).IsRetryable);
    }
}
