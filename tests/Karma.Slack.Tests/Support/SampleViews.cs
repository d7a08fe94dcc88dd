using Karma.Slack.Messages;

namespace Karma.Slack.Tests.Support;

/// <summary>Approval requests as the lifecycle would describe them.</summary>
public static class SampleViews
{
    public const string DbPassword = "s3cr3t-Pa55word!";
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    public static ApprovalRequestView Payments(string changeId = "chg-42", int approvalsRequired = 1) => new(
        changeId,
        "payments-api",
        "prod",
        "alice@example.com",
        "Raise the connection pool for Black Friday",
        [
            new ConfigDiffLine("pool.max", ConfigChangeKind.Changed, "20", "50"),
            new ConfigDiffLine("feature.retries", ConfigChangeKind.Added, null, "true"),
            new ConfigDiffLine("db.password", ConfigChangeKind.Changed, "old-Secret-1", DbPassword, Sensitive: true),
        ],
        ["checkout", "invoices"],
        [new RolloutWave(1, ["payments-api"]), new RolloutWave(2, ["checkout", "invoices"])],
        new PlanSummaryView(2, 1, 0, 1, ["aws_ssm_parameter.legacy_flag"]),
        approvalsRequired,
        [],
        Now.AddHours(48),
        new Uri("http://localhost:8233/namespaces/default/workflows/change-chg-42"),
        $"karma status {changeId}");
}
