using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;

namespace Karma.Testing;

/// <summary>AWS SDK clients pointed at a <see cref="MotoServer"/> with its fixed credentials.</summary>
public static class MotoClients
{
    public static AmazonDynamoDBClient DynamoDb(MotoServer moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return new AmazonDynamoDBClient(Credentials(), new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    }

    public static AmazonS3Client S3(MotoServer moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return new AmazonS3Client(Credentials(), new AmazonS3Config { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true });
    }

    private static BasicAWSCredentials Credentials() => new(MotoServer.AccessKeyId, MotoServer.SecretAccessKey);
}
