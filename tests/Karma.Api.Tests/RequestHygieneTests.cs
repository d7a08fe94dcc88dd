using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;

namespace Karma.Api.Tests;

/// <summary>What the API refuses to read, and what it refuses to send back.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class RequestHygieneTests(TemporalServerFixture temporal)
{
    private const string Password = "hunter2-very-secret";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("text/plain", """{"component":"vpc/main","proposed_change":{}}""")]
    [InlineData("application/x-www-form-urlencoded", "component=vpc%2Fmain&proposed_change=%7B%7D")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"component\"\r\n\r\nvpc/main\r\n--x--")]
    public async Task A_body_that_is_not_sent_as_json_is_a_415(string contentType, string body)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await alice.PostAsync("/request-change", content, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "body");
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_with_a_charset_or_a_json_suffix_is_read()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        foreach (var type in new[] { "application/json; charset=utf-8", "application/merge-patch+json" })
        {
            using var content = new StringContent("""{"component":"vpc","proposed_change":{}}""", Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            using var response = await alice.PostAsync("/request-change", content, Ct);

            // Read as JSON: the answer is about the body's content, not its type.
            await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "component");
        }
    }

    [Fact]
    public async Task A_5000_character_id_is_not_echoed_whole()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var bob = host.ClientWith(ApiHost.ApproverToken);
        var id = new string('x', 4990) + "!bad!";

        using var response = await bob.GetAsync($"/changes/{id}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "id");
        Assert.True(text.Length < 600, $"{text.Length} characters: {text[..200]}");
        Assert.Contains("(4995 characters)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_serves_no_secret_and_names_every_voter()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var bob = host.ClientWith(ApiHost.ApproverToken);

        // An entry written before the audit trail was redacted still holds the secret on disk.
        await host.Audit.AppendAsync(new AuditEntry("old-1", DateTimeOffset.UtcNow, AuditActions.ChangeRequested, "vpc/main", "alice", "cli",
            new System.Text.Json.Nodes.JsonObject { ["proposed_change"] = new System.Text.Json.Nodes.JsonObject { ["db_password"] = Password } }, "accepted", "old"), Ct);
        var accepted = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-secret",
            $$$"""{"cidr":"10.8.0.0/16","db_password":"{{{Password}}}","outputs":{"vpc_id":"vpc-1","default_sg_id":"sg-1"}}""");
        var self = accepted.GetProperty("links").GetProperty("self").GetString()!;
        await ChangeCalls.WaitForStateAsync(alice, self, "awaiting_approval");
        using (var approve = await bob.PostAsync(accepted.GetProperty("links").GetProperty("approve").GetString(), ApiHost.Json("""{"comment":"ok"}"""), Ct))
        {
            await HttpAssert.JsonAsync(approve, HttpStatusCode.OK);
        }

        await ChangeCalls.WaitForStateAsync(alice, self, "applied");
        using var log = await alice.GetAsync("/log", Ct);
        var text = await log.Content.ReadAsStringAsync(Ct);
        using var status = await alice.GetAsync(self, Ct);

        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await status.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var entries = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(2, entries.Count(e => e.GetProperty("inputs").TryGetProperty("proposed_change", out var proposed)
            && proposed.GetProperty("db_password").GetString() == "(sensitive value)"));
        var vote = Assert.Single(entries, e => e.GetProperty("action").GetString() == AuditActions.Approval);
        Assert.Equal(("bob", "api", "approved", "c-secret"),
            (vote.GetProperty("user").GetString(), vote.GetProperty("source").GetString(), vote.GetProperty("status").GetString(), vote.GetProperty("change_id").GetString()));
    }
}
