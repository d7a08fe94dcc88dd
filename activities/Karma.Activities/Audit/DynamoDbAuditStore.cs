using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;

namespace Karma.Activities.Audit;

/// <summary>
/// The audit trail in a DynamoDB table shared by every host. Key: <c>component</c> (hash) and <c>sk</c> =
/// sortable UTC time + <c>#</c> + id (range), so one component's entries are one ordered query. Each append also
/// writes a guard item <c>#id#&lt;id&gt;</c> in the same transaction, conditioned on its absence: a retried append of
/// the same id, whatever its time, stores nothing. Table layout: docs/deployment.md (Terraform snippet).
/// </summary>
public sealed class DynamoDbAuditStore(IAmazonDynamoDB client, string table, bool createTable = false) : IAuditStore, IDisposable
{
    public const string HashKey = "component";
    public const string RangeKey = "sk";
    private const string GuardPrefix = "#id#";
    private readonly SemaphoreSlim _ready = new(1, 1);
    private bool _checked;

    public string Description => $"DynamoDB table {table}";

    public async Task<bool> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var time = AuditEntryJson.SortableTime(entry.Timestamp);
        var item = new Dictionary<string, AttributeValue>
        {
            [HashKey] = S(entry.Component),
            [RangeKey] = S($"{time}#{entry.Id}"),
            ["id"] = S(entry.Id),
            ["ts"] = S(time),
            ["action"] = S(entry.Action),
            ["user"] = S(entry.User),
            ["entry"] = S(AuditEntryJson.Write(entry)),
        };
        if (entry.ChangeId is not null)
        {
            item["change_id"] = S(entry.ChangeId);
        }

        var absent = $"attribute_not_exists({RangeKey})";
        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = table, Item = new() { [HashKey] = S(GuardPrefix + entry.Id), [RangeKey] = S("#") }, ConditionExpression = $"attribute_not_exists({HashKey})" } },
                new TransactWriteItem { Put = new Put { TableName = table, Item = item, ConditionExpression = absent } },
            ],
        };
        try
        {
            await client.TransactWriteItemsAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true || e.Message.Contains("ConditionalCheckFailed", StringComparison.Ordinal))
        {
            return false;
        }
        catch (AmazonDynamoDBException e)
        {
            throw new AuditStoreException($"cannot append to the audit trail in {Description}: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var filters = new List<string>();
        void Filter(string attribute, string? value)
        {
            if (value is not null)
            {
                names[$"#{attribute}"] = attribute;
                values[$":{attribute}"] = S(value);
                filters.Add($"#{attribute} = :{attribute}");
            }
        }

        Filter("action", query.Action);
        Filter("user", query.User);
        Filter("change_id", query.ChangeId);
        var from = query.Since is { } since ? AuditEntryJson.SortableTime(since) : null;
        var to = query.Until is { } until ? AuditEntryJson.SortableTime(until) + "#\uffff" : null;
        var entries = new List<AuditEntry>();
        try
        {
            if (query.Component is { } component)
            {
                names["#c"] = HashKey;
                values[":c"] = S(component);
                var key = "#c = :c";
                key += Window("#sk", RangeKey, from, to, names, values);

                var request = new QueryRequest { TableName = table, KeyConditionExpression = key, ExpressionAttributeNames = names, ExpressionAttributeValues = values };
                request.FilterExpression = filters.Count == 0 ? null : string.Join(" AND ", filters);
                do
                {
                    var page = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
                    entries.AddRange((page.Items ?? []).Select(Entry));
                    request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
                }
                while (request.ExclusiveStartKey is not null);
            }
            else
            {
                names["#entry"] = "entry";
                filters.Add("attribute_exists(#entry)");
                if (Window("#ts", "ts", from, to, names, values) is { Length: > 0 } window)
                {
                    filters.Add(window[" AND ".Length..]);
                }

                var request = new ScanRequest { TableName = table, FilterExpression = string.Join(" AND ", filters), ExpressionAttributeNames = names };
                request.ExpressionAttributeValues = values.Count == 0 ? null : values;
                do
                {
                    var page = await client.ScanAsync(request, cancellationToken).ConfigureAwait(false);
                    entries.AddRange((page.Items ?? []).Select(Entry));
                    request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
                }
                while (request.ExclusiveStartKey is not null);
            }
        }
        catch (AmazonDynamoDBException e)
        {
            throw new AuditStoreException($"cannot read the audit trail in {Description}: {e.Message}", e);
        }

        // The key range is by the sortable time string; the exact window check compares times.
        return AuditQuery.InOrder(entries.Where(query.Matches));
    }

    public void Dispose() => _ready.Dispose();

    private AuditEntry Entry(Dictionary<string, AttributeValue> item) =>
        AuditEntryJson.Read(item["entry"].S, $"{Description} item {item[HashKey].S}/{item[RangeKey].S}");

    private static AttributeValue S(string value) => new() { S = value };

    // " AND <name> BETWEEN/>=/<= …", or nothing for an open window (DynamoDB refuses empty strings as key bounds).
    private static string Window(string alias, string attribute, string? from, string? to, Dictionary<string, string> names, Dictionary<string, AttributeValue> values)
    {
        if (from is null && to is null)
        {
            return string.Empty;
        }

        names[alias] = attribute;
        if (from is not null)
        {
            values[":from"] = S(from);
        }

        if (to is not null)
        {
            values[":to"] = S(to);
        }

        return from is null ? $" AND {alias} <= :to" : to is null ? $" AND {alias} >= :from" : $" AND {alias} BETWEEN :from AND :to";
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_checked)
        {
            return;
        }

        await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_checked)
            {
                await DynamoDbAuditTable.EnsureAsync(client, table, createTable, cancellationToken).ConfigureAwait(false);
                _checked = true;
            }
        }
        finally
        {
            _ready.Release();
        }
    }
}
