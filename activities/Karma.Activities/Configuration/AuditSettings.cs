namespace Karma.Activities.Configuration;

public enum AuditStoreKind
{
    /// <summary>JSON lines in one file (<c>$KARMA_HOME/audit.jsonl</c>): one host only.</summary>
    File,

    /// <summary>A DynamoDB table keyed by component and time, shared by every host.</summary>
    DynamoDb,

    /// <summary>One S3 object per entry under a date prefix, shared by every host.</summary>
    S3,
}

/// <summary>Where the audit trail is kept (<c>Karma:Audit</c>).</summary>
public sealed class AuditSettings
{
    public AuditStoreKind Store { get; set; } = AuditStoreKind.File;

    public DynamoDbAuditSettings DynamoDb { get; set; } = new();

    public S3AuditSettings S3 { get; set; } = new();
}

public sealed class DynamoDbAuditSettings
{
    public string? Table { get; set; }

    /// <summary>Create the table (on-demand capacity) when it does not exist; otherwise it must exist (see docs/deployment.md).</summary>
    public bool CreateTable { get; set; }

    /// <summary>AWS region; unset uses AWS_REGION / the profile.</summary>
    public string? Region { get; set; }

    /// <summary>Custom endpoint (moto, LocalStack); unset uses AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL / AWS.</summary>
    public string? ServiceUrl { get; set; }
}

public sealed class S3AuditSettings
{
    public string? Bucket { get; set; }

    /// <summary>Key prefix of the trail, e.g. <c>karma/audit/</c>; entries go under <c>&lt;prefix&gt;yyyy/MM/dd/</c>.</summary>
    public string Prefix { get; set; } = "audit/";

    public string? Region { get; set; }

    /// <summary>Custom endpoint (moto, LocalStack; path-style addressing); unset uses AWS_ENDPOINT_URL_S3 / AWS.</summary>
    public string? ServiceUrl { get; set; }
}
