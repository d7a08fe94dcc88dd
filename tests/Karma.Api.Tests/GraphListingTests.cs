using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Model;
using Karma.Worker.Api;

namespace Karma.Api.Tests;

/// <summary>GET /graph paging and content codings, in both snapshot modes.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class GraphListingTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<ApiGraphMode> Modes => new() { ApiGraphMode.Cached, ApiGraphMode.Stateless };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Pages_followed_by_next_after_add_up_to_the_whole_graph_with_each_edge_once(ApiGraphMode mode)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, mode, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        await host.DeployedAsync(new ComponentId("vpc", "second"), """{"cidr":"10.1.0.0/16"}""", "{}");
        using var reader = host.ClientWith(ApiHost.ReaderToken);

        var whole = await GetJsonAsync(reader, "/graph");
        Assert.True(whole.GetProperty("graph_version").GetInt64() > 0);
        Assert.False(whole.TryGetProperty("next_after", out _));
        foreach (var (query, pageSize) in new[] { (string.Empty, 1), (string.Empty, 2), (string.Empty, 10), ("type=vpc&", 1) })
        {
            var expected = query.Length == 0 ? whole : await GetJsonAsync(reader, "/graph?type=vpc");
            var (nodes, edges, pages) = await AllPagesAsync(reader, $"/graph?{query}limit={pageSize}");
            Assert.Equal(Raw(expected.GetProperty("nodes")), nodes);
            Assert.Equal(Raw(expected.GetProperty("edges")).Order(), edges.Order());
            Assert.Equal(Math.Max(1, (nodes.Count + pageSize - 1) / pageSize), pages);
        }

        Assert.NotEmpty(whole.GetProperty("edges").EnumerateArray());
        foreach (var (path, field) in new[] { ("/graph?limit=0", "limit"), ("/graph?limit=10001", "limit"), ("/graph?after=vpc", "after") })
        {
            using var bad = await reader.GetAsync(path, Ct);
            await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest, field);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Gzip_and_brotli_are_sent_when_accepted_each_with_its_own_etag(ApiGraphMode mode)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, mode, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        using var plain = await SendAsync(reader, "/graph", null, null);
        var identity = await plain.Content.ReadAsByteArrayAsync(Ct);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var identityTag = plain.Headers.ETag!.Tag;

        foreach (var (accept, coding, decode) in new (string, string, Func<Stream, Stream>)[]
        {
            ("gzip", "gzip", s => new GZipStream(s, CompressionMode.Decompress)),
            ("gzip, deflate, br", "br", s => new BrotliStream(s, CompressionMode.Decompress)),
            ("br;q=0, gzip;q=0.5", "gzip", s => new GZipStream(s, CompressionMode.Decompress)),
        })
        {
            using var encoded = await SendAsync(reader, "/graph", accept, null);
            Assert.Equal(HttpStatusCode.OK, encoded.StatusCode);
            Assert.Equal([coding], encoded.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", encoded.Headers.Vary);
            Assert.NotEqual(identityTag, encoded.Headers.ETag!.Tag);
            using var decoded = decode(await encoded.Content.ReadAsStreamAsync(Ct));
            using var copy = new MemoryStream();
            await decoded.CopyToAsync(copy, Ct);
            Assert.Equal(identity, copy.ToArray());

            // A cached copy in any coding of this version revalidates.
            foreach (var tag in new[] { encoded.Headers.ETag.Tag, identityTag })
            {
                using var revalidated = await SendAsync(reader, "/graph", accept, tag);
                Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            }
        }

        using var refused = await SendAsync(reader, "/graph", "gzip;q=0, br;q=0", null);
        Assert.Empty(refused.Content.Headers.ContentEncoding);
        Assert.Equal(identity, await refused.Content.ReadAsByteArrayAsync(Ct));
    }

    private static async Task<(List<string> Nodes, List<string> Edges, int Pages)> AllPagesAsync(HttpClient client, string firstPage)
    {
        var nodes = new List<string>();
        var edges = new List<string>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await GetJsonAsync(client, after is null ? firstPage : $"{firstPage}&after={Uri.EscapeDataString(after)}");
            nodes.AddRange(Raw(page.GetProperty("nodes")));
            edges.AddRange(Raw(page.GetProperty("edges")));
            after = page.GetProperty("next_after").GetString();
            Assert.True(++pages < 100, "paging never ends");
        }
        while (after is not null);
        return (nodes, edges, pages);
    }

    private static List<string> Raw(JsonElement array) => array.EnumerateArray().Select(e => e.GetRawText()).ToList();

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? acceptEncoding, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, Ct);
    }
}
