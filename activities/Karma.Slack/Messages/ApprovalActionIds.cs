namespace Karma.Slack.Messages;

/// <summary>The identifiers Karma's Slack messages and modals use, shared by the builder and the handler.</summary>
public static class ApprovalActionIds
{
    public const string Approve = "karma_approve";
    public const string Reject = "karma_reject";
    public const string ActionsBlock = "karma_approval_actions";
    public const string RejectModalCallback = "karma_reject_reason";
    public const string RejectReasonBlock = "karma_reject_reason_block";
    public const string RejectReasonInput = "reason";
}
