using Karma.TemporalDev.Visibility;

namespace Karma.TemporalDev.Tests;

public sealed class VisibilityQueryTests
{
    [Theory]
    [InlineData("WorkflowId = 'a'")]
    [InlineData("WorkflowType = \"T\" AND ExecutionStatus = 'Running'")]
    [InlineData("(WorkflowId = 'a' OR WorkflowId = 'b') AND StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-02-01T00:00:00Z'")]
    [InlineData("CustomKeyword IN ('x', 'y') AND CustomInt >= 3")]
    [InlineData("ExecutionStatus != 'Completed'")]
    [InlineData("")]
    public void Supported_queries_parse(string query) => Assert.StartsWith("e.namespace = $ns", VisibilityQuery.Parse("default", query).Where, StringComparison.Ordinal);

    [Theory]
    [InlineData("WorkflowId =", "Expected a value")]
    [InlineData("WorkflowId = 'a' AND", "Expected a search attribute name")]
    [InlineData("ExecutionStatus = 'Sleeping'", "Unknown ExecutionStatus 'Sleeping'")]
    [InlineData("StartTime > 'yesterday'", "is not a date-time")]
    [InlineData("WorkflowId = 'a' ORDER BY StartTime", "ORDER BY")]
    [InlineData("(WorkflowId = 'a'", "Expected ')'")]
    [InlineData("WorkflowId = 'unterminated", "Unterminated string")]
    [InlineData("WorkflowId ~ 'a'", "Unexpected character '~'")]
    public void Bad_queries_are_rejected_with_a_message_naming_the_problem(string query, string expected)
    {
        var e = Assert.Throws<VisibilityQueryException>(() => VisibilityQuery.Parse("default", query));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_parameters_never_sql()
    {
        var q = VisibilityQuery.Parse("default", "WorkflowId = 'x''; DROP TABLE executions; --'");
        Assert.DoesNotContain("DROP", q.Where, StringComparison.Ordinal);
        Assert.Contains("x'; DROP TABLE executions; --", q.Parameters.Values);
    }
}
