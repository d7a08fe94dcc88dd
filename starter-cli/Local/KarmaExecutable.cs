using System.Reflection;

namespace Karma.Cli.Local;

/// <summary>How to start this same karma program again (apphost, or <c>dotnet karma.dll</c> under dotnet run / tests).</summary>
internal static class KarmaExecutable
{
    public static IReadOnlyList<string> Command()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var isDotnetHost = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnetHost ? [process, Assembly.GetExecutingAssembly().Location] : [process];
    }
}
