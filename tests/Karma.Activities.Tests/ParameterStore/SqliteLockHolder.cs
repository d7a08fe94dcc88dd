using System.Diagnostics;

namespace Karma.Activities.Tests.ParameterStore;

/// <summary>A second OS process (python3's sqlite3) that holds a write transaction on a database until released.</summary>
internal sealed class SqliteLockHolder : IAsyncDisposable
{
    private const string Script = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        db.execute("COMMIT")
        print("released", flush=True)
        """;

    private readonly Process _process;

    private SqliteLockHolder(Process process) => _process = process;

    public static async Task<SqliteLockHolder> StartAsync(string python, string databasePath, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(databasePath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 could not be started.");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line != "locked")
        {
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            process.Dispose();
            throw new InvalidOperationException($"The lock holder did not take the lock: {line} {error}");
        }

        return new SqliteLockHolder(process);
    }

    public async Task ReleaseAsync()
    {
        await _process.StandardInput.WriteLineAsync();
        await _process.StandardInput.FlushAsync();
        await _process.StandardOutput.ReadLineAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
