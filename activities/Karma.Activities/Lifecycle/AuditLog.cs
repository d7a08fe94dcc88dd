using System.Text.Json;
using Karma.Core.Lifecycle;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// Append-only JSON lines. Appends are idempotent by entry id: a retried activity whose first attempt wrote the
/// line before crashing finds it and does not write it twice.
/// </summary>
public sealed class AuditLog(string path)
{
    // One writer per file within the process; other processes are kept out by the exclusive file share.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task<bool> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(entry);
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            if (await ContainsIdAsync(stream, entry.Id, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            stream.Seek(0, SeekOrigin.End);
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var entries = new List<AuditEntry>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(Path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<AuditEntry>(line)
                    ?? throw new FormatException($"{Path}:{lineNumber}: empty audit entry."));
            }
            catch (JsonException e)
            {
                throw new FormatException($"{Path}:{lineNumber}: not an audit entry: {e.Message}", e);
            }
        }

        return entries;
    }

    private static async Task<bool> ContainsIdAsync(FileStream stream, string id, CancellationToken cancellationToken)
    {
        // Ids are written as "id":"<value>" first on each line; a substring check is enough and avoids parsing every line.
        var marker = $"{{\"id\":{JsonSerializer.Serialize(id)},";
        stream.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
