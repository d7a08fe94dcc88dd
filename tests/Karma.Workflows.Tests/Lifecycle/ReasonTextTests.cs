using Karma.Core.Lifecycle;

namespace Karma.Workflows.Tests.Lifecycle;

public sealed class ReasonTextTests
{
    [Theory]
    [InlineData(null, "rejected by bob")]
    [InlineData("", "rejected by bob")]
    [InlineData("   ", "rejected by bob")]
    [InlineData("not now", "rejected by bob: not now")]
    [InlineData(" not now\n", "rejected by bob: not now")]
    public void A_reason_is_appended_after_a_colon_only_when_there_is_one(string? reason, string expected) =>
        Assert.Equal(expected, ReasonText.Append("rejected by bob", reason));
}
