using System.Collections.Concurrent;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Visibility;

/// <summary>
/// The search attributes a namespace knows: Temporal's system ones, custom ones registered with
/// AddSearchAttributes (what <c>temporal operator search-attribute create</c> calls), and — because this dev
/// server does not refuse unregistered attributes the way a real cluster does — custom ones runs already carry.
/// </summary>
internal sealed class SearchAttributeCatalog
{
    /// <summary>Temporal's system and predefined attributes (names a custom attribute may not take).</summary>
    public static readonly IReadOnlyDictionary<string, IndexedValueType> System = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal)
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["ExecutionStatus"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
        ["ExecutionDuration"] = IndexedValueType.Int,
        ["HistoryLength"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,
        ["TemporalNamespaceDivision"] = IndexedValueType.Keyword,
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BatcherNamespace"] = IndexedValueType.Keyword,
        ["BatcherUser"] = IndexedValueType.Keyword,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
        ["TemporalWorkerDeployment"] = IndexedValueType.Keyword,
        ["TemporalWorkerDeploymentVersion"] = IndexedValueType.Keyword,
        ["TemporalWorkflowVersioningBehavior"] = IndexedValueType.Keyword,
        ["TemporalReportedProblems"] = IndexedValueType.KeywordList,
    };

    private readonly SqliteStore store;
    private readonly ConcurrentDictionary<(string Ns, string Name), IndexedValueType> registered = new();

    public SearchAttributeCatalog(SqliteStore store)
    {
        this.store = store;
        foreach (var (ns, name, type) in store.LoadSearchAttributeTypes())
        {
            registered[(ns, name)] = (IndexedValueType)type;
        }
    }

    /// <summary>Registered custom attributes plus those runs of the namespace carry, by name.</summary>
    public SortedDictionary<string, IndexedValueType> Custom(string ns)
    {
        var custom = new SortedDictionary<string, IndexedValueType>(StringComparer.Ordinal);
        foreach (var (name, type) in store.UsedSearchAttributes(ns))
        {
            if (!System.ContainsKey(name) && Enum.TryParse<IndexedValueType>(type, ignoreCase: true, out var parsed))
            {
                custom[name] = parsed;
            }
        }

        foreach (var ((attributeNs, name), type) in registered)
        {
            if (attributeNs == ns)
            {
                custom[name] = type;
            }
        }

        return custom;
    }

    /// <summary>Idempotent for the same name and type, as on a real cluster; a different type or a system name is refused.</summary>
    public void Add(string ns, string name, IndexedValueType type)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw RpcErrors.InvalidArgument("Search attribute name is empty.");
        }

        if (type == IndexedValueType.Unspecified || !Enum.IsDefined(type))
        {
            throw RpcErrors.InvalidArgument($"Search attribute '{name}' has no valid type (use Keyword, Text, Int, Double, Bool, Datetime or KeywordList).");
        }

        if (System.ContainsKey(name))
        {
            throw RpcErrors.InvalidArgument($"Search attribute '{name}' is reserved by the system.");
        }

        if (Custom(ns).TryGetValue(name, out var existing) && existing != type)
        {
            throw RpcErrors.InvalidArgument($"Search attribute '{name}' already exists in namespace '{ns}' with type {existing}.");
        }

        store.SaveSearchAttributeType(ns, name, (int)type);
        registered[(ns, name)] = type;
    }

    public void Remove(string ns, string name)
    {
        if (!registered.TryRemove((ns, name), out _))
        {
            throw RpcErrors.NotFound($"Search attribute '{name}' is not registered in namespace '{ns}'.");
        }

        store.SaveSearchAttributeType(ns, name, null);
    }
}
