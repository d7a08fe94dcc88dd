namespace Karma.Gremlin.Graph;

/// <summary>
/// A <c>g:Set</c> read from the wire. Kept as an ordered list (not a HashSet) so that the server's order and
/// values that are not hashable (maps, lists) survive a read/write round trip unchanged.
/// </summary>
public sealed class GremlinSet : List<object?>
{
    public GremlinSet()
    {
    }

    public GremlinSet(IEnumerable<object?> items)
        : base(items)
    {
    }
}
