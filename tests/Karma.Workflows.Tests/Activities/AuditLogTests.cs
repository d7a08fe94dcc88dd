using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Testing;

namespace Karma.Workflows.Tests.Activities;

public sealed class AuditLogTests
{
    [Fact]
    public async Task A_retried_append_with_the_same_id_is_written_once_in_Karmas_shape()
    {
        using var dir = new TempDirectory();
        var log = new AuditLog(dir.Combine("audit.jsonl"));
        var entry = new AuditEntry("c1-1", DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
            AuditActions.UpdateConfig, "serverless-site/karma-dev", "alice", "api", new JsonObject { ["version"] = 3 }, "accepted", "c1");
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await log.AppendAsync(entry, ct));
        Assert.False(await log.AppendAsync(entry, ct));
        Assert.True(await log.AppendAsync(entry with { Id = "c1-2", Status = "published" }, ct));

        var lines = await File.ReadAllLinesAsync(log.Path, ct);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("""{"id":"c1-1","timestamp":"2026-01-02T03:04:05+00:00","action":"update_config","component":"serverless-site/karma-dev","user":"alice","source":"api","inputs":{"version":3},"status":"accepted" """.TrimEnd(), lines[0], StringComparison.Ordinal);
        Assert.Equal(["accepted", "published"], (await log.ReadAllAsync(ct)).Select(e => e.Status));
    }

    [Fact]
    public async Task A_corrupt_line_is_reported_with_file_and_line_number()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.jsonl");
        await File.WriteAllTextAsync(path, "not json\n", TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<FormatException>(() => new AuditLog(path).ReadAllAsync(TestContext.Current.CancellationToken));

        Assert.Contains("audit.jsonl:1", e.Message, StringComparison.Ordinal);
    }
}
