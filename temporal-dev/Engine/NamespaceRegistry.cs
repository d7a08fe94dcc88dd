using System.Collections.Concurrent;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;

namespace Karma.TemporalDev.Engine;

/// <summary>Namespaces known to the server; "default" always exists. Persisted in the namespaces table.</summary>
internal sealed class NamespaceRegistry
{
    public const string Default = "default";
    private const long DefaultRetentionSeconds = 3 * 24 * 3600;
    private readonly ConcurrentDictionary<string, NamespaceRecord> byName = new(StringComparer.Ordinal);
    private readonly SqliteStore store;

    public NamespaceRegistry(SqliteStore store, IEnumerable<string> required)
    {
        this.store = store;
        foreach (var ns in store.LoadNamespaces())
        {
            byName[ns.Name] = ns;
        }

        foreach (var name in required.Append(Default).Distinct(StringComparer.Ordinal))
        {
            Ensure(name);
        }
    }

    public IReadOnlyList<NamespaceRecord> All => byName.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();

    public NamespaceRecord Ensure(string name)
    {
        return byName.GetOrAdd(name, n =>
        {
            var record = new NamespaceRecord(n, Guid.NewGuid().ToString(), DefaultRetentionSeconds, Clock.NowMs);
            store.InsertNamespace(record);
            return record;
        });
    }

    /// <summary>Throws NotFound for an unknown namespace, InvalidArgument for a missing one.</summary>
    public NamespaceRecord Require(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw RpcErrors.InvalidArgument("Namespace is not set on the request.");
        }

        return byName.TryGetValue(name, out var ns)
            ? ns
            : throw RpcErrors.NotFound($"Namespace {name} is not found.");
    }
}
