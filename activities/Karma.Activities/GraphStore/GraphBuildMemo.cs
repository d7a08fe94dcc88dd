using System.Text;
using System.Text.Json;
using Karma.Core.Analysis;
using Karma.Core.Inference;
using Karma.Core.Model;

namespace Karma.Activities.GraphStore;

/// <summary>
/// What a graph build of an environment read and found, kept with the graph version it wrote: a build whose inputs
/// are the same again (same commit, prefix, Parameter Store contents and analysis code) has nothing new to find, so it
/// reports these diagnostics with the stored graph instead of analysing everything again.
/// </summary>
/// <param name="Inputs">An opaque key of everything the analysis depends on (<see cref="InputsKey"/>).</param>
public sealed record GraphBuildMemo(
    string Environment,
    long GraphVersion,
    string Inputs,
    IReadOnlyList<GraphDiagnostic> Diagnostics,
    IReadOnlyList<RuntimeKeyRead> RuntimeKeyReads)
{
    /// <summary>The analysis code's identity: a newer Karma may find other things in the same inputs.</summary>
    private static readonly string AnalysisVersion = typeof(GraphBuilder).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static string InputsKey(string commit, string prefix, string parametersFingerprint) =>
        $"{AnalysisVersion}|{commit}|{prefix}|{parametersFingerprint}";

    public string AnalysisJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("diagnostics");
            foreach (var d in Diagnostics)
            {
                json.WriteStartArray();
                json.WriteStringValue(d.Code);
                json.WriteStringValue(d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
                json.WriteStringValue(d.Component?.ToString());
                json.WriteStringValue(d.Location);
                json.WriteStringValue(d.Message);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("runtime_key_reads");
            foreach (var r in RuntimeKeyReads)
            {
                json.WriteStartArray();
                json.WriteStringValue(r.Consumer.ToString());
                json.WriteStringValue(r.Provider.ToString());
                json.WriteStringValue(r.Key);
                json.WriteStringValue(r.JsonPath);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static GraphBuildMemo FromAnalysisJson(string environment, long graphVersion, string inputs, string analysisJson)
    {
        using var document = JsonDocument.Parse(analysisJson);
        var root = document.RootElement;
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().Select(d => new GraphDiagnostic(
            d[0].GetString()!,
            d[1].GetString() == "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            d[2].GetString() is { } id ? ComponentId.Parse(id) : (ComponentId?)null,
            d[3].GetString()!,
            d[4].GetString()!)).ToList();
        var reads = root.GetProperty("runtime_key_reads").EnumerateArray().Select(r => new RuntimeKeyRead(
            ComponentId.Parse(r[0].GetString()!), ComponentId.Parse(r[1].GetString()!), r[2].GetString()!, r[3].GetString()!)).ToList();
        return new GraphBuildMemo(environment, graphVersion, inputs, diagnostics, reads);
    }
}

/// <summary>A graph store that keeps a <see cref="GraphBuildMemo"/> per environment (the embedded store does).</summary>
public interface IGraphBuildMemoStore
{
    Task<GraphBuildMemo?> LoadBuildMemoAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Replaces the environment's memo.</summary>
    Task SaveBuildMemoAsync(GraphBuildMemo memo, CancellationToken cancellationToken);
}
