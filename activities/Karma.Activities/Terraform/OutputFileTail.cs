using System.Text;

namespace Karma.Activities.Terraform;

/// <summary>
/// Follows a file another process appends to and hands over each complete line (a trailing partial line only on
/// the final read). Used for terraform runs whose output goes to files instead of pipes.
/// </summary>
internal sealed class OutputFileTail(string path, Action<string> onLine) : IDisposable
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _partial = new();
    private readonly byte[] _bytes = new byte[16 * 1024];
    private readonly char[] _chars = new char[Encoding.UTF8.GetMaxCharCount(16 * 1024)];
    private FileStream? _stream;

    /// <summary>Reads what was appended since the last call; <paramref name="final"/> also flushes an unterminated last line.</summary>
    public void Read(bool final)
    {
        _stream ??= TryOpen();
        if (_stream is null)
        {
            return;
        }

        int count;
        while ((count = _stream.Read(_bytes)) > 0)
        {
            var chars = _decoder.GetChars(_bytes, 0, count, _chars, 0, flush: false);
            for (var i = 0; i < chars; i++)
            {
                if (_chars[i] == '\n')
                {
                    EmitPartial();
                }
                else
                {
                    _partial.Append(_chars[i]);
                }
            }
        }

        if (final && _partial.Length > 0)
        {
            EmitPartial();
        }
    }

    public void Dispose() => _stream?.Dispose();

    private void EmitPartial()
    {
        var line = _partial.ToString().TrimEnd('\r');
        _partial.Clear();
        onLine(line);
    }

    private FileStream? TryOpen()
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
