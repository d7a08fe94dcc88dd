namespace Karma.Core.Lifecycle;

/// <summary>
/// Who may approve a change in one environment. <see cref="Approvers"/> empty means anyone; the proposer can never
/// approve their own change, whatever the policy says.
/// </summary>
public sealed record ApprovalPolicy(
    int RequiredApprovals,
    IReadOnlyList<string> Approvers,
    IReadOnlyList<ChangeSource> AllowedSources,
    bool ExtraApprovalWhenDestroying)
{
    /// <summary>With no policy configured: one approval by anyone other than the proposer, from any source.</summary>
    public static ApprovalPolicy Default { get; } =
        new(1, [], [ChangeSource.Cli, ChangeSource.Api, ChangeSource.Slack], ExtraApprovalWhenDestroying: false);

    /// <summary>How many distinct approvals a plan needs: one more when it destroys anything.</summary>
    public int RequiredFor(PlanDigest plan) =>
        RequiredApprovals + (ExtraApprovalWhenDestroying && plan.Destroy > 0 ? 1 : 0);

    public void Validate()
    {
        if (RequiredApprovals < 1)
        {
            throw new InvalidApprovalPolicyException($"required approvals must be at least 1, not {RequiredApprovals}.");
        }

        if (AllowedSources.Count == 0)
        {
            throw new InvalidApprovalPolicyException("at least one approval source (cli, api, slack) must be allowed.");
        }

        if (Approvers.Count > 0 && Approvers.Count < RequiredApprovals)
        {
            throw new InvalidApprovalPolicyException(
                $"{RequiredApprovals} approvals are required but only {Approvers.Count} approvers are listed.");
        }
    }
}

public sealed class InvalidApprovalPolicyException(string message) : ArgumentException($"Invalid approval policy: {message}");
