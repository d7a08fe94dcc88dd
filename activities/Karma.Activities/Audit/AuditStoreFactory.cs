using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Karma.Activities.Configuration;
using Karma.Core.Ports;

namespace Karma.Activities.Audit;

/// <summary>Builds the configured audit store (<c>Karma:Audit:Store</c>): the one the workers write and <c>karma log</c> and <c>GET /log</c> read.</summary>
public static class AuditStoreFactory
{
    public static IAuditStore Create(KarmaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var audit = options.Audit;
        return audit.Store switch
        {
            AuditStoreKind.DynamoDb => new DynamoDbAuditStore(
                DynamoDbClient(audit.DynamoDb),
                Required(audit.DynamoDb.Table, "Karma:Audit:DynamoDb:Table", "dynamodb"),
                audit.DynamoDb.CreateTable),
            AuditStoreKind.S3 => new S3AuditStore(
                S3Client(audit.S3),
                Required(audit.S3.Bucket, "Karma:Audit:S3:Bucket", "s3"),
                audit.S3.Prefix),
            _ => new FileAuditStore(options.ToLifecycleOptions().ResolveAuditLogPath()),
        };
    }

    private static string Required(string? value, string key, string store) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new KarmaConfigurationException(key, "Karma:Audit:Store", $"the {store} audit store needs {key}.")
            : value;

    private static AmazonDynamoDBClient DynamoDbClient(DynamoDbAuditSettings settings)
    {
        var config = new AmazonDynamoDBConfig();
        Configure(config, settings.ServiceUrl, settings.Region);
        return new AmazonDynamoDBClient(config);
    }

    private static AmazonS3Client S3Client(S3AuditSettings settings)
    {
        // Emulators (moto, LocalStack) answer on one host name: address buckets by path there.
        var config = new AmazonS3Config { ForcePathStyle = settings.ServiceUrl is not null };
        Configure(config, settings.ServiceUrl, settings.Region);
        return new AmazonS3Client(config);
    }

    private static void Configure(ClientConfig config, string? serviceUrl, string? region)
    {
        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (region is not null)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
    }
}
