namespace Karma.Activities.Terraform;

/// <summary>What one terraform process produced.</summary>
/// <param name="Stdout">Captured stdout, only when the command's output is data (show -json, output -json); empty otherwise.</param>
/// <param name="ErrorLines">The last (up to 200) non-blank stderr lines, sanitized; used to classify failures.</param>
internal sealed record TerraformCommandResult(int ExitCode, string Stdout, IReadOnlyList<string> ErrorLines)
{
    public IReadOnlyList<string> Tail(int count) =>
        ErrorLines.Count <= count ? ErrorLines : ErrorLines.Skip(ErrorLines.Count - count).ToArray();
}
