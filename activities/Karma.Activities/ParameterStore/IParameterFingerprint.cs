namespace Karma.Activities.ParameterStore;

/// <summary>
/// A Parameter Store that can tell cheaply whether anything below a path changed: the fingerprint differs after any
/// write below it. (The local store can; SSM cannot without reading every value, so it does not implement this.)
/// </summary>
public interface IParameterFingerprint
{
    Task<string> FingerprintAsync(string path, CancellationToken cancellationToken);
}
