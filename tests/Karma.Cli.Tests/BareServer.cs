using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Karma.Cli.Tests;

/// <summary>
/// <c>karma dev-server</c> in the foreground on a free port: the Temporal dev server alone, with no worker (unlike local
/// mode's background host), for specs that prove something is answered by the server alone.
/// </summary>
internal sealed partial class BareServer : IAsyncDisposable
{
    private readonly Process _process;

    private BareServer(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public static async Task<BareServer> StartAsync(string karmaHome, string database)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(KarmaApp).Assembly.Location, "dev-server", "--port", "0", "--db", database })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KARMA_HOME"] = karmaHome;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start karma dev-server");
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                return new BareServer(process, match.Groups["address"].Value);
            }
        }

        process.Kill();
        throw new InvalidOperationException("karma dev-server ended without listening");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (?<address>\S+) ")]
    private static partial Regex Listening();
}
