using Karma.Core.Inference;

namespace Karma.Core.Tests.Inference;

public class JsonPathNotationTests
{
    [Theory]
    [InlineData("vpc_nickname", "$.vpc_nickname")]
    [InlineData("_private", "$._private")]
    [InlineData("karma-graph-query", "$['karma-graph-query']")]
    [InlineData("9lives", "$['9lives']")]
    [InlineData("it's", "$['it\\'s']")]
    [InlineData("back\\slash", "$['back\\\\slash']")]
    [InlineData("", "$['']")]
    public void Property_names_are_dotted_when_identifiers_and_bracketed_otherwise(string name, string expected) =>
        Assert.Equal(expected, JsonPathNotation.Property(JsonPathNotation.Root, name));

    [Fact]
    public void Array_elements_are_zero_based_indexes() =>
        Assert.Equal("$.subnets[0].vpc_nickname", JsonPathNotation.Property(JsonPathNotation.Index("$.subnets", 0), "vpc_nickname"));
}
