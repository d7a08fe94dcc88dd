using System.Text.Json;
using System.Text.Json.Serialization;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// Where a command writes. Results go to <see cref="Out"/> (with --output json: exactly one JSON
/// document); diagnostics and progress go to <see cref="Error"/>, so stdout stays machine-readable.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,

        // Output is for terminals and scripts, not HTML: keep quotes and non-ASCII readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            CliJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    private ProgressLine? _progress;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public OutputFormat Format { get; set; } = OutputFormat.Text;

    public bool Quiet { get; set; }

    public bool Verbose { get; set; }

    public bool IsJson => Format == OutputFormat.Json;

    /// <summary>Whether <see cref="Error"/> is the process's stderr and that is a terminal (progress may then redraw one line).</summary>
    public bool ErrorIsTerminal { get; init; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    public void WriteJson<T>(T document) => Out.WriteLine(JsonSerializer.Serialize(document, JsonOptions));

    /// <summary>The live "what runs now" line on stderr (see <see cref="ProgressLine"/>).</summary>
    internal ProgressLine Progress => _progress ??= new ProgressLine(this);

    /// <summary>Progress and notes for humans: stderr, suppressed by --quiet.</summary>
    public void Info(string message)
    {
        if (!Quiet)
        {
            // A note written into a redrawn progress line would be glued to it and erased with it.
            _progress?.Clear();
            Error.WriteLine(message);
        }
    }
}
