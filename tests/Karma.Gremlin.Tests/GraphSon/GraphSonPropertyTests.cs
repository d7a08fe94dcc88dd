using System.Collections;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Protocol;

namespace Karma.Gremlin.Tests.GraphSon;

/// <summary>Property-based checks of the serializer over thousands of random values (seeded and reproducible).</summary>
public sealed class GraphSonPropertyTests
{
    private const int Cases = 1500;

    [Fact]
    public void Writing_what_was_read_reproduces_the_same_bytes()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var value = new GraphSonValueGenerator(seed).Any();
            var written = GraphSonWriter.ToJson(value);

            var rewritten = GraphSonWriter.ToJson(GraphSonReader.Parse(written));

            Assert.True(written == rewritten, $"seed {seed}:\n{written}\n{rewritten}");
        }
    }

    [Fact]
    public void Values_without_graph_elements_round_trip_to_equal_values()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var value = new GraphSonValueGenerator(seed).Any(withElements: false);

            var read = GraphSonReader.Parse(GraphSonWriter.ToJson(value));

            Assert.True(DeepEquals(value, read), $"seed {seed}: {GraphSonWriter.ToJson(value)} read back as {GraphSonWriter.ToJson(read)}");
        }
    }

    [Fact]
    public void Every_written_value_is_typed_so_nothing_is_left_for_the_server_to_guess()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var value = new GraphSonValueGenerator(seed).Any();
            var root = System.Text.Json.JsonDocument.Parse(GraphSonWriter.ToJson(value)).RootElement;

            Assert.True(
                root.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null
                || root.TryGetProperty("@type", out _),
                $"seed {seed}: untyped {root.ValueKind}");
        }
    }

    [Fact]
    public void Requests_survive_framing_with_arbitrary_arguments()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var generator = new GraphSonValueGenerator(seed);
            var request = new GremlinRequest(Guid.NewGuid(), "bytecode", "traversal", new Dictionary<string, object?> { ["gremlin"] = generator.Any(), ["x"] = generator.String() });

            var decoded = GremlinMessageCodec.DecodeRequest(GremlinMessageCodec.EncodeRequest(request));

            Assert.Equal(request.RequestId, decoded.RequestId);
            Assert.Equal(GraphSonWriter.ToJson(request.Args), GraphSonWriter.ToJson(decoded.Args));
        }
    }

    private static bool DeepEquals(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (IDictionary left, IDictionary right) => left.Count == right.Count && Entries(left).Zip(Entries(right)).All(pair => DeepEquals(pair.First.Key, pair.Second.Key) && DeepEquals(pair.First.Value, pair.Second.Value)),
        (GremlinSet left, GremlinSet right) => left.Count == right.Count && left.Zip(right).All(pair => DeepEquals(pair.First, pair.Second)),
        (GremlinSet, _) or (_, GremlinSet) => false,
        (string left, string right) => left == right,
        (IList left, IList right) => left.Count == right.Count && left.Cast<object?>().Zip(right.Cast<object?>()).All(pair => DeepEquals(pair.First, pair.Second)),
        _ => expected?.GetType() == actual?.GetType() && Equals(expected, actual),
    };

    private static List<DictionaryEntry> Entries(IDictionary map)
    {
        var entries = new List<DictionaryEntry>();
        foreach (DictionaryEntry entry in map)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
