using Karma.Activities.Lifecycle;

namespace Karma.Activities.Configuration;

/// <summary>Approval policies per environment (<c>Karma:Approvals:Policies:&lt;env&gt;</c>).</summary>
public sealed class ApprovalsSettings
{
    public Dictionary<string, ApprovalPolicyOptions> Policies { get; set; } = new(StringComparer.Ordinal);
}
