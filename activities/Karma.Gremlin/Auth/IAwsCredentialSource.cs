namespace Karma.Gremlin.Auth;

/// <summary>Where signing credentials come from; asked again on every (re)connect so rotated credentials are picked up.</summary>
public interface IAwsCredentialSource
{
    ValueTask<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
