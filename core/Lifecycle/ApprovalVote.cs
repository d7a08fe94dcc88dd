namespace Karma.Core.Lifecycle;

/// <summary>An approve or reject decision as sent by a person through the CLI, the API or Slack.</summary>
public sealed record ApprovalVote(string ChangeId, string User, ChangeSource Source, string? Comment = null);

/// <summary>An accepted approval, as recorded in the change's timeline.</summary>
public sealed record RecordedApproval(string User, ChangeSource Source, DateTimeOffset At, string PlanFingerprint, string? Comment);
