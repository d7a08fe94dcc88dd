using Karma.Core.Model;

namespace Karma.Core.Tests.Model;

/// <summary>A refused name says which naming rule it broke.</summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("", "is empty")]
    [InlineData(".hidden", "starts with '.': the first character must be a letter or a digit")]
    [InlineData("-dash", "starts with '-': the first character must be a letter or a digit")]
    [InlineData("main vpc", "contains U+0020 at position 5: only letters, digits, '.', '_' and '-' are allowed")]
    [InlineData("dev\n", "contains U+000A at position 4: only letters, digits, '.', '_' and '-' are allowed")]
    [InlineData("caf\u00e9", "contains 'é' at position 4: only letters, digits, '.', '_' and '-' are allowed")]
    public void A_bad_segment_names_the_rule_it_breaks(string name, string problem)
    {
        Assert.Equal(problem, NameRules.SegmentProblem(name));
        Assert.False(ComponentId.IsValidSegment(name));
    }

    [Fact]
    public void Length_limits_differ_for_segments_and_change_ids()
    {
        Assert.Null(NameRules.SegmentProblem(new string('a', 128)));
        Assert.Equal("is 129 characters long: at most 128 are allowed", NameRules.SegmentProblem(new string('a', 129)));
        Assert.Null(NameRules.ChangeIdProblem(new string('a', 64)));
        Assert.Equal("is 65 characters long: at most 64 are allowed", NameRules.ChangeIdProblem(new string('a', 65)));
    }

    [Theory]
    [InlineData("vpc", "has no '/': expected '<type>/<nickname>', e.g. vpc/main-vpc")]
    [InlineData("a/b/c", "has more than one '/': expected '<type>/<nickname>', e.g. vpc/main-vpc")]
    [InlineData("/main", "has a type that is empty")]
    [InlineData("vpc/main$", "has a nickname that contains '$' at position 5: only letters, digits, '.', '_' and '-' are allowed")]
    public void A_bad_component_id_names_the_part_and_the_rule(string text, string problem)
    {
        Assert.Equal(problem, NameRules.ComponentIdProblem(text));
        var error = Assert.Throws<FormatException>(() => ComponentId.Parse(text));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_names_pass_and_long_ones_are_quoted_short()
    {
        Assert.Null(NameRules.SegmentProblem("serverless-site_v1.2"));
        Assert.Null(NameRules.ComponentIdProblem("vpc/main-vpc"));
        var quoted = NameRules.Quote(new string('x', 5000));
        Assert.True(quoted.Length < 80, quoted);
        Assert.Contains("5000 characters", quoted, StringComparison.Ordinal);
    }
}
