using System.Security.Cryptography;
using System.Text;

namespace Karma.Activities.Terraform;

/// <summary>
/// Lets <see cref="TerraformRunner.InitAsync"/> skip <c>terraform init</c> when the workspace's TF_DATA_DIR was
/// initialised for exactly the same module, backend and CLI settings. A change re-prepares its workspace for plan,
/// apply and verify, and each init would redo identical work. The source folder is re-copied each time, so the
/// dependency lock file init wrote there is kept beside the marker and put back on reuse.
/// </summary>
internal static class InitReuse
{
    private const string MarkerFileName = "karma-init.sha256";
    private const string SavedLockFileName = "karma-init.lock.hcl";
    private const string LockFileName = ".terraform.lock.hcl";

    /// <summary>What init depends on: every module and backend file (not the variables), the binary and CLI settings.</summary>
    public static string Fingerprint(TerraformWorkspace workspace, TerraformOptions options, IReadOnlyList<string>? backendConfig = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (backendConfig is { Count: > 0 })
        {
            Append(hash, string.Join('\n', backendConfig) + "\n");
        }

        Append(hash, $"{options.BinaryPath}\n{options.CliConfigFile}\n{options.PluginCacheDirectory}\n{Environment.GetEnvironmentVariable("TF_CLI_CONFIG_FILE")}\n");
        foreach (var (key, value) in options.EnvironmentVariables.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Append(hash, $"{key}={value}\n");
        }

        var files = Directory.EnumerateFiles(workspace.SourceDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(workspace.SourceDirectory, file))
            .Where(file => file is not (WorkspacePreparer.VariablesFileName or LockFileName))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            Append(hash, $"{file}\n");
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(workspace.SourceDirectory, file))));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True (and the lock file restored) when the last successful init had this fingerprint.</summary>
    public static bool TryReuse(TerraformWorkspace workspace, string fingerprint)
    {
        var marker = Path.Combine(workspace.DataDirectory, MarkerFileName);
        if (!File.Exists(marker) || File.ReadAllText(marker) != fingerprint)
        {
            return false;
        }

        // A lock file means providers were installed; they must still be there.
        var saved = Path.Combine(workspace.DataDirectory, SavedLockFileName);
        if (File.Exists(saved))
        {
            if (!Directory.Exists(Path.Combine(workspace.DataDirectory, "providers")))
            {
                return false;
            }

            File.Copy(saved, Path.Combine(workspace.SourceDirectory, LockFileName), overwrite: true);
        }

        return true;
    }

    /// <summary>Before init runs: a failed or interrupted init must not leave a marker that vouches for it.</summary>
    public static void Forget(TerraformWorkspace workspace)
    {
        if (Directory.Exists(workspace.DataDirectory))
        {
            File.Delete(Path.Combine(workspace.DataDirectory, MarkerFileName));
        }
    }

    /// <summary>After a successful init.</summary>
    public static void Record(TerraformWorkspace workspace, string fingerprint)
    {
        var saved = Path.Combine(workspace.DataDirectory, SavedLockFileName);
        var written = Path.Combine(workspace.SourceDirectory, LockFileName);
        if (File.Exists(written))
        {
            File.Copy(written, saved, overwrite: true);
        }
        else
        {
            File.Delete(saved);
        }

        File.WriteAllText(Path.Combine(workspace.DataDirectory, MarkerFileName), fingerprint);
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
