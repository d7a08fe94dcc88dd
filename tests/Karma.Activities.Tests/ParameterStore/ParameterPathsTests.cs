using Karma.Core.Model;

namespace Karma.Activities.Tests.ParameterStore;

public sealed class ParameterPathsTests
{
    [Theory]
    [InlineData(null, "/iac")]
    [InlineData("", "/iac")]
    [InlineData("iac", "/iac")]
    [InlineData("/iac/", "/iac")]
    [InlineData("/org/karma", "/org/karma")]
    public void Prefix_is_normalised(string? prefix, string expected) => Assert.Equal(expected, ParameterPaths.NormalizePrefix(prefix));

    [Theory]
    [InlineData("/")]
    [InlineData("/a//b")]
    [InlineData("/a b")]
    [InlineData("/1/2/3/4/5/6/7/8/9/10/11/12/13")]
    public void Malformed_prefixes_are_refused(string prefix) =>
        Assert.Throws<FormatException>(() => ParameterPaths.NormalizePrefix(prefix));

    [Fact]
    public void Paths_follow_the_adage_layout()
    {
        var id = new ComponentId("serverless-site", "karma-dev");

        Assert.Equal("/iac/serverless-site/karma-dev/config", ParameterPaths.Config("/iac", id));
        Assert.Equal("/x/serverless-site/karma-dev/runtime", ParameterPaths.Runtime("x/", id));
        Assert.Equal("/iac/environment", ParameterPaths.Environment("/iac"));
    }

    [Theory]
    [InlineData("/iac/vpc/main/config", true)]
    [InlineData("/iac/vpc/main/runtime", true)]
    [InlineData("/iac/environment", false)]
    [InlineData("/iac/vpc/main/other", false)]
    [InlineData("/iac/vpc/main/x/config", false)]
    [InlineData("/iacx/vpc/main/config", false)]
    public void Component_parameters_are_recognised(string name, bool expected)
    {
        var recognised = ParameterPaths.TryParseComponentParameter("/iac", name, out var id, out _);

        Assert.Equal(expected, recognised);
        if (expected)
        {
            Assert.Equal(new ComponentId("vpc", "main"), id);
        }
    }
}
