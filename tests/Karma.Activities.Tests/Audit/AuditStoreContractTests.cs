using Karma.Activities.Audit;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.Audit;

public sealed class FileAuditStoreContractTests : AuditStoreContract, IDisposable
{
    private readonly TempDirectory _temp = new("karma-audit-file");

    public void Dispose() => _temp.Dispose();

    protected override Task<IAuditStore> CreateStoreAsync() =>
        Task.FromResult<IAuditStore>(new FileAuditStore(_temp.Combine($"audit-{Guid.NewGuid():N}.jsonl")));
}

/// <summary>DynamoDB on moto; each test gets its own table, created by the store (Karma:Audit:DynamoDb:CreateTable).</summary>
public sealed class DynamoDbAuditStoreContractTests(MotoServer moto) : AuditStoreContract, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(o => o.Dispose());

    protected override Task<IAuditStore> CreateStoreAsync()
    {
        moto.Require();
        var client = MotoClients.DynamoDb(moto);
        var store = new DynamoDbAuditStore(client, $"karma-audit-{Guid.NewGuid():N}", createTable: true);
        _owned.Add(client);
        _owned.Add(store);
        return Task.FromResult<IAuditStore>(store);
    }
}

/// <summary>S3 on moto; each test gets its own bucket.</summary>
public sealed class S3AuditStoreContractTests(MotoServer moto) : AuditStoreContract, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(o => o.Dispose());

    protected override async Task<IAuditStore> CreateStoreAsync()
    {
        moto.Require();
        var client = MotoClients.S3(moto);
        _owned.Add(client);
        var bucket = $"karma-audit-{Guid.NewGuid():N}";
        await client.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        return new S3AuditStore(client, bucket, "karma/audit");
    }
}
