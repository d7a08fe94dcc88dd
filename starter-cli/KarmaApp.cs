using System.CommandLine;
using Karma.Cli.Commands;
using Karma.Cli.Infrastructure;

namespace Karma.Cli;

/// <summary>Builds the <c>karma</c> command tree and runs it with Karma's exit-code and error conventions.</summary>
public static class KarmaApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var console = new CliConsole(output, error);
        var globals = new GlobalOptions();
        var root = BuildRoot(globals, console);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"karma: {parseError.Message}");
            }

            await error.WriteLineAsync("Run 'karma --help' for usage.");
            return ExitCodes.Usage;
        }

        console.Format = parsed.GetValue(globals.Output);
        console.Quiet = parsed.GetValue(globals.Quiet);
        console.Verbose = parsed.GetValue(globals.Verbose);

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (CliException failure)
        {
            ReportFailure(console, failure.Message, failure);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("karma: cancelled.");
            return ExitCodes.Failed;
        }
        catch (Exception unexpected)
        {
            var known = ErrorClassifier.Classify(unexpected);
            ReportFailure(console, known.Message, unexpected);
            return known.ExitCode;
        }
    }

    public static RootCommand BuildRoot(GlobalOptions globals, CliConsole console)
    {
        var root = new RootCommand("Karma: manage infrastructure through configuration and runtime state.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        foreach (var command in CommandCatalog.Create(globals, console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static void ReportFailure(CliConsole console, string message, Exception exception)
    {
        console.Error.WriteLine($"karma: {message}");
        if (console.Verbose)
        {
            console.Error.WriteLine(exception.ToString());
        }
    }
}
