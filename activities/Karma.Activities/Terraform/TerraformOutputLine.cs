namespace Karma.Activities.Terraform;

/// <summary>One line terraform printed while running <paramref name="Command"/> (e.g. "plan").</summary>
public sealed record TerraformOutputLine(string Command, TerraformOutputSource Source, string Text);

public enum TerraformOutputSource
{
    Stdout,
    Stderr,
}
