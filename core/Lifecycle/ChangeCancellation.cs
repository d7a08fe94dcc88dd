namespace Karma.Core.Lifecycle;

/// <summary>Who asked to cancel a change, and through what (cli, api, slack): recorded in its audit trail and timeline.</summary>
public sealed record ChangeCancellation(string ChangeId, string User, ChangeSource Source);
