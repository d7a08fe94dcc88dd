using System.Net.Sockets;
using System.Text.Json;

namespace Karma.Cli.Local;

/// <summary>
/// What local mode's background host (<c>karma dev-server --state-home</c>: the Temporal dev server and the Karma worker)
/// publishes about itself in <c>KARMA_HOME/temporal-dev/server.json</c>, so that other karma processes on the same home
/// find and share it instead of starting a second one. <see cref="StartToken"/> proves the pid is still that process;
/// <see cref="Settings"/> is the fingerprint of the configuration its worker runs with (<see cref="HostSettings"/>).
/// </summary>
public sealed record DevServerState(int Pid, string Address, string Database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>When the process started (<see cref="ProcessIdentity.StartToken"/>); null in files written by older versions.</summary>
    public string? StartToken { get; init; }

    /// <summary>Setting key → hash of its value, for the settings the worker reads; null when the host runs no worker.</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    /// <summary>Why the host runs no worker (its configuration cannot run one, e.g. no Terraform modules); null when it does.</summary>
    public string? WorkerProblem { get; init; }

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
                {
                    StartToken = OptionalString(root, "startToken"),
                    Settings = OptionalMap(root, "settings"),
                    WorkerProblem = OptionalString(root, "workerProblem"),
                }
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

    /// <summary>
    /// Whether <see cref="Pid"/> is still the host that wrote this file for <paramref name="home"/>: the same start time
    /// and, where the system shows it, a <c>dev-server --state-home</c> command line naming this home. A file left by a
    /// reboot names a pid some other program may own now; that process is never taken for the host.
    /// </summary>
    public bool IsHostOf(string home)
    {
        if (ProcessIdentity.StartToken(Pid) is not { } started || (StartToken is not null && StartToken != started))
        {
            return false;
        }

        return ProcessIdentity.CommandLine(Pid) is { } arguments
            ? NamesHostOf(arguments, home)
            : StartToken is not null;
    }

    /// <summary>The host of <paramref name="home"/> runs (<see cref="IsHostOf"/>) and its port accepts connections.</summary>
    public async Task<bool> IsAliveAsync(string home, CancellationToken cancellationToken)
    {
        if (!IsHostOf(home))
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

    private static bool NamesHostOf(IReadOnlyList<string> arguments, string home)
    {
        var stateHome = arguments.ToList().IndexOf("--state-home");
        return arguments.Contains("dev-server")
            && stateHome >= 0 && stateHome + 1 < arguments.Count
            && string.Equals(Path.GetFullPath(arguments[stateHome + 1]).TrimEnd('/'), Path.GetFullPath(home).TrimEnd('/'), StringComparison.Ordinal);
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string>? OptionalMap(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : null;
}
