namespace Karma.Cli.Infrastructure;

/// <summary>
/// What a long step is doing right now (e.g. terraform's latest output line), on stderr: one line redrawn in place on a
/// terminal, plain appended lines when stderr is a file or a pipe, nothing with --quiet. Stdout is never touched.
/// </summary>
internal sealed class ProgressLine(CliConsole console)
{
    private const string EraseLine = "\r\u001b[2K";
    private const int FallbackWidth = 120;

    // The in-process worker's notifications write notes from other threads.
    private readonly Lock _gate = new();
    private string? _shown;
    private bool _onScreen;

    /// <summary>Shows <paramref name="text"/> unless it is what is shown already.</summary>
    public void Show(string text)
    {
        lock (_gate)
        {
            ShowLocked(text);
        }
    }

    /// <summary>Takes the redrawn line off the terminal, before other output or at the end (appended lines stay).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_onScreen)
            {
                _shown = null;
                console.Error.Write(EraseLine);
                console.Error.Flush();
                _onScreen = false;
            }
        }
    }

    private void ShowLocked(string text)
    {
        if (console.Quiet || string.IsNullOrWhiteSpace(text) || text == _shown)
        {
            return;
        }

        _shown = text;
        if (console.ErrorIsTerminal)
        {
            console.Error.Write(EraseLine + Fit("    " + text));
            console.Error.Flush();
            _onScreen = true;
        }
        else
        {
            console.Error.WriteLine("    " + text);
        }
    }

    // A line longer than the terminal would wrap, and erasing would then leave its first part behind.
    private static string Fit(string text)
    {
        var width = TerminalWidth() - 1;
        return text.Length <= width ? text : string.Concat(text.AsSpan(0, Math.Max(width - 1, 0)), "…");
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : FallbackWidth;
        }
        catch (IOException)
        {
            return FallbackWidth;
        }
    }
}
