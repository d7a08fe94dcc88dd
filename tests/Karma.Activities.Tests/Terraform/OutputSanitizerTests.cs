using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

public sealed class OutputSanitizerTests
{
    [Fact]
    public void Known_secrets_credentials_and_terminal_escapes_are_removed()
    {
        var sanitizer = new OutputSanitizer(["correct-horse-battery"]);

        Assert.Equal("pw is (sensitive value)!", sanitizer.Sanitize("pw is correct-horse-battery!"));
        Assert.Equal("key (sensitive value) used", sanitizer.Sanitize("key AKIAABCDEFGHIJKLMNOP used"));
        Assert.Equal("slack (sensitive value)", sanitizer.Sanitize("slack xoxb-1234567890-abcdef"));
        Assert.Equal("db_password = (sensitive value)", sanitizer.Sanitize("db_password = \"p@ss\""));
        Assert.Equal("Error: bad", sanitizer.Sanitize("\u001b[31mError:\u001b[0m bad"));
        Assert.Equal("  + password = (sensitive value)", sanitizer.Sanitize("  + password = (sensitive value)"));
        Assert.Equal("  + token_id = (known after apply)", sanitizer.Sanitize("  + token_id = (known after apply)"));
    }

    [Fact]
    public void Long_lines_are_cut()
    {
        var sanitized = new OutputSanitizer().Sanitize(new string('x', 5000));

        Assert.True(sanitized.Length <= 501);
        Assert.EndsWith("…", sanitized, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Error: Error acquiring the state lock", true)]
    [InlineData("dial tcp 127.0.0.1:4566: connect: connection refused", true)]
    [InlineData("api error ThrottlingException: Rate exceeded", true)]
    [InlineData("Error: Unsupported argument", false)]
    [InlineData("Error: Invalid index", false)]
    public void Only_known_temporary_failures_are_transient(string line, bool transient)
    {
        Assert.Equal(transient, TransientErrorClassifier.IsTransient([line]));
    }
}
