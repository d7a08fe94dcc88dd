namespace Karma.Activities.Lifecycle;

/// <summary>
/// An exclusive lock file. On Linux and macOS .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/>, so the
/// lock excludes other processes and other handles of this one, and the kernel releases it when a holder dies.
/// </summary>
internal sealed class ComponentLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private ComponentLock(FileStream stream) => _stream = stream;

    public static async Task<ComponentLock> TakeAsync(string path, TimeSpan poll, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new ComponentLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                // Held by someone else: a plan takes seconds, so waiting is the expected outcome.
                await Task.Delay(poll, ct);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
