using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Karma.Gremlin.Auth;

/// <summary>
/// The AWS SDK's default credential chain (environment, profile, SSO, web identity, container, instance profile).
/// The SDK caches and refreshes temporary credentials itself.
/// </summary>
public sealed class AwsSdkCredentialSource : IAwsCredentialSource
{
    private readonly AWSCredentials? _explicit;

    public AwsSdkCredentialSource(AWSCredentials? credentials = null)
    {
        _explicit = credentials;
    }

    public async ValueTask<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        AWSCredentials credentials;
        try
        {
            credentials = _explicit ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new Protocol.GremlinConnectionException(
                "No AWS credentials found for Neptune IAM authentication (checked the SDK's default chain: " +
                "environment, shared profile, SSO, web identity, container and instance metadata).", ex)
            {
                HandshakeRejected = true,
            };
        }

        var immutable = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        return new AwsSigningCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null);
    }
}
