using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Karma.Cli.Local;

/// <summary>
/// What a background <c>karma dev-server</c> publishes about itself in <c>KARMA_HOME/temporal-dev/server.json</c>
/// so that other karma processes on the same home find and share it instead of starting a second one.
/// </summary>
public sealed record DevServerState(int Pid, string Address, string Database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Folder(string home) => Path.Combine(home, "temporal-dev");

    public static string FilePath(string home) => Path.Combine(Folder(home), "server.json");

    public static string DatabasePath(string home) => Path.Combine(Folder(home), "temporal.db");

    /// <summary>
    /// The state file as written by <see cref="Write"/>, read with <see cref="JsonDocument"/> rather than the reflection
    /// serializer: every local-mode command reads it before anything else, and reflection metadata is built at first use.
    /// </summary>
    public static DevServerState? Read(string home)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(FilePath(home)));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var id)
                && root.TryGetProperty("address", out var address) && address.GetString() is { Length: > 0 } where
                && root.TryGetProperty("database", out var database) && database.GetString() is { } db
                ? new DevServerState(id, where, db)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Missing, half-written or unreadable: treat as "no server"; the start lock serialises the fix.
            return null;
        }
    }

    /// <summary>Atomically replaces the state file (write to a temp file, then rename), so readers never see half of it.</summary>
    public void Write(string home)
    {
        Directory.CreateDirectory(Folder(home));
        var temp = FilePath(home) + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, FilePath(home), overwrite: true);
    }

    public static void Delete(string home, int pid)
    {
        if (Read(home) is { } current && current.Pid == pid)
        {
            File.Delete(FilePath(home));
        }
    }

    /// <summary>The process is alive and its port accepts connections.</summary>
    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        if (!ProcessExists(Pid))
        {
            return false;
        }

        var colon = Address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Address[(colon + 1)..], out var port))
        {
            return false;
        }

        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(Address[..colon], port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
