using Karma.Gremlin.Query;

namespace Karma.Gremlin.Tests.Query;

public sealed class GremlinQueryGuardTests
{
    [Theory]
    [InlineData("g.V().hasLabel('Component').count()")]
    [InlineData("g.V('component:prod:vpc/main-vpc').in('depends_on').values('nickname').toList()")]
    [InlineData("g.V().has('Component', 'environment', 'prod').project('id', 'deps').by(T.id).by(out('depends_on').count())")]
    [InlineData("g.V().has('config_path', TextP.startingWith('/iac/prod')).order().by('nickname', Order.desc).limit(10)")]
    [InlineData("g.V().has('nickname', within('a', 'b')).elementMap()")]
    [InlineData("g.V().has('note', 'please drop() this and addV() that').valueMap()")]
    [InlineData("g.V().has('note', \"no interpolation here\").count()")]
    [InlineData("g.E().hasLabel('emits_runtime_to').group().by(outV().id()).by(count())")]
    [InlineData("g.V().repeat(out()).times(3).path().limit(-1)")]
    [InlineData("g.V().has('weight', gt(0.5d)).has('n', 10L)")]
    public void Read_only_traversals_pass(string query) => GremlinQueryGuard.EnsureReadOnly(query);

    [Theory]
    [InlineData("g.addV('Component')", "'addV' changes the graph", 2)]
    [InlineData("g.V().drop()", "'drop' changes the graph", 6)]
    [InlineData("g.V('x').property(single, 'type', 'y')", "'property' changes the graph", 9)]
    [InlineData("g.mergeV([(T.id): 'x'])", "'mergeV' changes the graph", 2)]
    [InlineData("g.V().sideEffect(addE('x').to(V('y')))", "'addE' changes the graph", 17)]
    [InlineData("g.io('graph.xml').read()", "'io' changes the graph", 2)]
    [InlineData("g.call('neptune.search')", "'call' changes the graph", 2)]
    public void Mutation_steps_are_refused_with_their_position(string query, string message, int position)
    {
        var error = Assert.Throws<GremlinQueryRejectedException>(() => GremlinQueryGuard.EnsureReadOnly(query));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-write", error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }

    [Theory]
    [InlineData("g.V().map{ it.get().remove() }", "Lambdas")]
    [InlineData("g.V().count(); System.exit(0)", "single traversal")]
    [InlineData("x = g.V()", "Assignments are not allowed")]
    [InlineData("V().count()", "must be a traversal starting with 'g'")]
    [InlineData("g.V().has('a', \"${Runtime.getRuntime().exec('id')}\")", "interpolation")]
    [InlineData("g.V().has('a', java.lang.Runtime.getRuntime())", "'java' is not a Gremlin step")]
    [InlineData("g.V().has('a', 'unterminated)", "Unterminated string")]
    [InlineData("graph.vertices()", "must be a traversal starting with 'g'")]
    [InlineData("   ", "empty")]
    [InlineData("g.V().count() // comment", "Character '/'")]
    public void Scripts_that_are_not_plain_traversals_are_refused(string query, string message)
    {
        var error = Assert.Throws<GremlinQueryRejectedException>(() => GremlinQueryGuard.EnsureReadOnly(query));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_write_permits_mutation_steps_but_still_refuses_code()
    {
        GremlinQueryGuard.Ensure("g.addV('Component').property(single, 'type', 'vpc')", allowWrite: true);

        Assert.Throws<GremlinQueryRejectedException>(() => GremlinQueryGuard.Ensure("g.V().map{ 1 }", allowWrite: true));
    }
}
