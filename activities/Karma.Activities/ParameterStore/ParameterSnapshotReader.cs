using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>Reads everything Karma keeps below a prefix in one by-path query and groups it per component.</summary>
public sealed class ParameterSnapshotReader(IParameterStore store)
{
    /// <summary>
    /// One recursive read of <paramref name="prefix"/>; names that are not component config/runtime are ignored.
    /// Karma writes config and runtime as plain String parameters, so nothing is decrypted: a SecureString someone
    /// put there stays encrypted rather than flowing into the graph.
    /// </summary>
    public async Task<ParameterSnapshot> ReadAsync(string? prefix, CancellationToken cancellationToken)
    {
        var normalized = NormalizePrefix(prefix);
        var parameters = await store.GetByPathAsync(normalized, withDecryption: false, cancellationToken);
        // A hash map and one sort at the end: a sorted tree per insert cost more than the read at 100,000 components.
        var components = new Dictionary<ComponentId, (string? Config, string? Runtime)>(parameters.Count / 2);
        foreach (var parameter in parameters)
        {
            if (!ParameterPaths.TryParseComponentParameter(normalized, parameter.Name, out var id, out var kind))
            {
                continue;
            }

            components.TryGetValue(id, out var entry);
            components[id] = kind == ComponentParameterKind.Config ? entry with { Config = parameter.Value } : entry with { Runtime = parameter.Value };
        }

        var snapshot = components.Select(pair => new ComponentParameters(pair.Key, pair.Value.Config, pair.Value.Runtime)).ToArray();
        Array.Sort(snapshot, (a, b) => a.Id.CompareTo(b.Id));
        return new ParameterSnapshot(normalized, snapshot);
    }

    /// <summary>The <c>&lt;prefix&gt;/environment</c> parameter, or null when the account has none.</summary>
    public async Task<EnvironmentParameter?> ReadEnvironmentAsync(string? prefix, CancellationToken cancellationToken)
    {
        var name = ParameterPaths.Environment(NormalizePrefix(prefix));
        var parameter = await store.TryGetAsync(name, withDecryption: false, cancellationToken);
        return parameter is null ? null : EnvironmentParameter.Parse(name, parameter.Value);
    }

    private static string NormalizePrefix(string? prefix)
    {
        try
        {
            return ParameterPaths.NormalizePrefix(prefix);
        }
        catch (FormatException ex)
        {
            throw new InvalidParameterException(ex.Message);
        }
    }
}
