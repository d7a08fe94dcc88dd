namespace Karma.Activities.Terraform;

/// <summary>
/// A terraform command was cancelled. It was first interrupted (SIGINT) so terraform could save state;
/// <see cref="Killed"/> is true when it did not stop within the grace period and was killed.
/// </summary>
public sealed class TerraformInterruptedException(string command, bool killed, CancellationToken cancellationToken)
    : OperationCanceledException(
        killed
            ? $"terraform {command} was interrupted and did not stop within the grace period, so it was killed; its state may need attention."
            : $"terraform {command} was interrupted and stopped gracefully.",
        cancellationToken)
{
    public string Command { get; } = command;

    public bool Killed { get; } = killed;
}
