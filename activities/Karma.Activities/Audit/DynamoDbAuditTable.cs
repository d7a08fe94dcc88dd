using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Karma.Activities.Audit;

/// <summary>Checks the audit table exists, creating it (on-demand capacity) when Karma:Audit:DynamoDb:CreateTable says so.</summary>
internal static class DynamoDbAuditTable
{
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(2);

    public static async Task EnsureAsync(IAmazonDynamoDB client, string table, bool create, CancellationToken cancellationToken)
    {
        try
        {
            var described = await client.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }
        }
        catch (ResourceNotFoundException e) when (!create)
        {
            throw new AuditStoreException(
                $"the audit table '{table}' does not exist: create it (docs/deployment.md has the Terraform) or set Karma:Audit:DynamoDb:CreateTable=true.", e);
        }
        catch (ResourceNotFoundException)
        {
            await CreateAsync(client, table, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new AuditStoreException($"cannot reach the audit table '{table}': {e.Message}", e);
        }

        await WaitActiveAsync(client, table, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions =
                    [
                        new AttributeDefinition(DynamoDbAuditStore.HashKey, ScalarAttributeType.S),
                        new AttributeDefinition(DynamoDbAuditStore.RangeKey, ScalarAttributeType.S),
                    ],
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbAuditStore.HashKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbAuditStore.RangeKey, KeyType.RANGE),
                    ],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Another host created it first: wait for it like for our own.
        }
    }

    private static async Task WaitActiveAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + CreateTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var described = await client.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        throw new AuditStoreException($"the audit table '{table}' did not become ACTIVE within {CreateTimeout.TotalMinutes:F0} minutes.");
    }
}
