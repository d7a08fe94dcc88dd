namespace Karma.TemporalDev.Http;

/// <summary>
/// A <c>google.api.http</c> path template such as <c>/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}</c>:
/// literal segments and variables bound to a request field path. A variable matches one segment (<c>{f}</c>,
/// <c>{f=*}</c>) or the rest of the path (<c>{f=**}</c>). Segments are matched already percent-decoded, so a workflow
/// id sent as <c>a%2Fb</c> binds as <c>a/b</c>.
/// </summary>
internal sealed class PathTemplate
{
    private readonly Segment[] segments;

    private PathTemplate(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    /// <summary>Literal segments first, then fewer variables: <c>/schedules/{id}</c> must not shadow <c>/schedule-count</c>.</summary>
    public int Specificity => segments.Count(s => s.Field is null) * 100 - segments.Length;

    public static PathTemplate Parse(string text)
    {
        var parts = text.Trim('/').Split('/');
        var parsed = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var inner = part[1..^1];
                var equals = inner.IndexOf('=', StringComparison.Ordinal);
                var field = equals < 0 ? inner : inner[..equals];
                var pattern = equals < 0 ? "*" : inner[(equals + 1)..];
                parsed[i] = new Segment(null, field, pattern == "**");
            }
            else
            {
                parsed[i] = new Segment(part, null, false);
            }
        }

        return new PathTemplate(text, parsed);
    }

    /// <summary>The field path → value bindings when <paramref name="pathSegments"/> (decoded) fit, else null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Match(IReadOnlyList<string> pathSegments)
    {
        var bindings = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Rest)
            {
                if (i >= pathSegments.Count)
                {
                    return null;
                }

                bindings.Add(new(segment.Field!, string.Join('/', pathSegments.Skip(i))));
                return bindings;
            }

            if (i >= pathSegments.Count)
            {
                return null;
            }

            if (segment.Field is null)
            {
                if (!string.Equals(segment.Literal, pathSegments[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }
            else
            {
                if (pathSegments[i].Length == 0)
                {
                    return null;
                }

                bindings.Add(new(segment.Field, pathSegments[i]));
            }
        }

        return pathSegments.Count == segments.Length ? bindings : null;
    }

    private sealed record Segment(string? Literal, string? Field, bool Rest);
}
