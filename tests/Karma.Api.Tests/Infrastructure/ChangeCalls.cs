using System.Net;
using System.Text.Json;

namespace Karma.Api.Tests.Infrastructure;

/// <summary>Change requests and status polling over HTTP, as a client of the API would do them.</summary>
internal static class ChangeCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> ProposeAsync(HttpClient client, string component, string changeId, string config)
    {
        using var response = await client.PostAsync("/request-change",
            ApiHost.Json($$"""{"component":"{{component}}","proposed_change":{{config}},"requested_by":"alice","reason":"test","change_id":"{{changeId}}"}"""), Ct);
        var accepted = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.EndsWith(accepted.GetProperty("links").GetProperty("self").GetString(), response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return accepted;
    }

    /// <summary>Polls <paramref name="statusLink"/> until the change is in <paramref name="state"/> (30 s at most).</summary>
    public static async Task<JsonElement> WaitForStateAsync(HttpClient client, string statusLink, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(statusLink, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = JsonDocument.Parse(body).RootElement.Clone();
                if (status.GetProperty("state").GetString() == state)
                {
                    return status;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"change never reached {state}: last {(int)response.StatusCode} {body}");
            await Task.Delay(50, Ct);
        }
    }
}
