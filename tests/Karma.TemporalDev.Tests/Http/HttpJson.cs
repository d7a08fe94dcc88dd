using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Karma.TemporalDev.Tests.Fixtures;

namespace Karma.TemporalDev.Tests.Http;

/// <summary>Calls temporal-dev's HTTP API as the Web UI does (relative <c>/api/v1</c> paths, JSON) and reads JSON back.</summary>
public sealed class HttpJson(TemporalServerFixture fixture) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(fixture.Server.HttpAddress ?? throw new InvalidOperationException("The fixture serves no HTTP API.")) };

    public static string Path(string workflowId) => Uri.EscapeDataString(workflowId);

    public static string Query(string query) => Uri.EscapeDataString(query);

    public async Task<JsonElement> GetAsync(string path) => await ReadAsync(await http.GetAsync(path, TestContext.Current.CancellationToken), path);

    public async Task<JsonElement> PostAsync(string path, object body) =>
        await ReadAsync(await http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken), path);

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A JSON-encoded payload as proto3 JSON carries it: metadata and data base64.</summary>
    public static object Payload(object value) => new
    {
        metadata = new Dictionary<string, string> { ["encoding"] = Convert.ToBase64String("json/plain"u8.ToArray()) },
        data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)),
    };

    /// <summary>The JSON value inside a proto3-JSON payload.</summary>
    public static JsonElement Decode(JsonElement payload) =>
        JsonDocument.Parse(Convert.FromBase64String(payload.GetProperty("data").GetString()!)).RootElement.Clone();

    public void Dispose() => http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string path)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
