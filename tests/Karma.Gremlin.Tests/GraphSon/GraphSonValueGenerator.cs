using System.Text;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.GraphSon;

/// <summary>Random GraphSON-representable values (seeded, so a failing case can be replayed from its seed).</summary>
internal sealed class GraphSonValueGenerator(int seed)
{
    private readonly Random _random = new(seed);

    public object? Any(int depth = 3, bool withElements = true)
    {
        var kinds = depth <= 0 ? 12 : withElements ? 19 : 15;
        return _random.Next(kinds) switch
        {
            0 => null,
            1 => String(),
            2 => _random.Next(2) == 0,
            3 => _random.Next(4) == 0 ? (_random.Next(2) == 0 ? int.MaxValue : int.MinValue) : _random.Next(-1000, 1000),
            4 => _random.Next(4) == 0 ? long.MinValue : _random.NextInt64(long.MinValue, long.MaxValue),
            5 => Double(),
            6 => _random.Next(5) == 0 ? float.NaN : (float)(_random.NextDouble() * 1e6 - 5e5),
            7 => DateTimeOffset.FromUnixTimeMilliseconds(_random.NextInt64(-62135596800000, 253402300799999)),
            8 => new Guid(Bytes(16)),
            9 => (T)_random.Next(4),
            10 => (Direction)_random.Next(3),
            11 => _random.Next(2) == 0 ? (Merge)_random.Next(4) : (Cardinality)_random.Next(3),
            12 => Enumerable.Range(0, _random.Next(5)).Select(_ => Any(depth - 1, withElements)).ToList(),
            13 => new GremlinSet(Enumerable.Range(0, _random.Next(5)).Select(_ => Any(depth - 1, withElements))),
            14 => Map(depth, withElements),
            15 => Vertex(),
            16 => Edge(),
            17 => new Traverser(_random.NextInt64(1, 1000), Any(depth - 1, withElements)),
            _ => Bytecode(depth),
        };
    }

    public string String()
    {
        const string alphabet = "abcXYZ019 _-'\"\\/\n\t\u0001é中\u2028";
        var builder = new StringBuilder();
        for (var i = _random.Next(12); i > 0; i--)
        {
            if (_random.Next(10) == 0)
            {
                builder.Append("😀"); // a surrogate pair
            }
            else
            {
                builder.Append(alphabet[_random.Next(alphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    private double Double() => _random.Next(8) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => double.Epsilon,
        _ => (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-20, 20)),
    };

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private Dictionary<object, object?> Map(int depth, bool withElements)
    {
        var map = new Dictionary<object, object?>();
        for (var i = _random.Next(5); i > 0; i--)
        {
            object key = _random.Next(5) switch
            {
                0 => String(),
                1 => _random.Next(100),
                2 => (T)_random.Next(4),
                3 => (Direction)_random.Next(3),
                _ => new Guid(Bytes(16)),
            };
            map[key] = Any(depth - 1, withElements);
        }

        return map;
    }

    private object Id() => _random.Next(3) switch
    {
        0 => String(),
        1 => _random.NextInt64(),
        _ => _random.Next(),
    };

    private Vertex Vertex()
    {
        if (_random.Next(3) == 0)
        {
            return new Vertex(Id(), String());
        }

        var properties = new Dictionary<string, IReadOnlyList<VertexProperty>>();
        for (var i = _random.Next(4); i > 0; i--)
        {
            var key = "p" + _random.Next(100);
            properties[key] = Enumerable.Range(0, _random.Next(1, 3))
                .Select(_ => new VertexProperty(Id(), key, Any(0), _random.Next(3) == 0 ? new Dictionary<string, object?> { ["meta"] = Any(0) } : null))
                .ToList();
        }

        return new Vertex(Id(), String(), properties);
    }

    private Edge Edge() => new(
        Id(), String(), Id(), String(), Id(), String(),
        _random.Next(2) == 0 ? null : new Dictionary<string, object?> { ["since"] = Any(0), ["json_path"] = String() });

    private Bytecode Bytecode(int depth)
    {
        var bytecode = new Bytecode();
        if (_random.Next(4) == 0)
        {
            bytecode.AddSource("withSideEffect", String(), Any(0));
        }

        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            var args = Enumerable.Range(0, _random.Next(3)).Select(_ => _random.Next(4) == 0 && depth > 1 ? Bytecode(depth - 1) : Any(0)).ToArray();
            bytecode.AddStep("step" + _random.Next(10), args);
        }

        return bytecode;
    }
}
