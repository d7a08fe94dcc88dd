namespace Karma.Cli.Infrastructure;

/// <summary>Checks for external programs a command cannot do without, before it starts changing anything.</summary>
internal static class RequiredTools
{
    public static void EnsureTerraform(string binary = "terraform")
    {
        var found = Path.IsPathRooted(binary)
            ? File.Exists(binary)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, binary)));
        if (!found)
        {
            throw CliException.Usage($"'{binary}' was not found on PATH: Karma plans and applies with the real terraform binary (install Terraform 1.5 or later).");
        }
    }
}
