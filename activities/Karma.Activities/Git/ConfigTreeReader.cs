using System.Buffers;
using System.Text;
using Karma.Core.Model;
using LibGit2Sharp;

namespace Karma.Activities.Git;

/// <summary>
/// Reads component configs from a commit's tree (no checkout): <c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/config.json</c>
/// and <c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;.json</c>. Other files (READMEs, folders without config.json) are ignored.
/// </summary>
internal static class ConfigTreeReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<ConfigDocument> Read(Commit commit, string environment, string display)
    {
        if (commit.Tree[$"iac/{environment}"]?.Target is not Tree envTree)
        {
            var available = commit.Tree["iac"]?.Target is Tree iac
                ? iac.Where(e => e.TargetType == TreeEntryTargetType.Tree).Select(e => e.Name).Order(StringComparer.Ordinal).ToList()
                : [];
            throw new ConfigEnvironmentNotFoundException(environment, display, commit.Sha, available);
        }

        var documents = new List<ConfigDocument>();
        foreach (var typeEntry in envTree.Where(e => e.TargetType == TreeEntryTargetType.Tree))
        {
            var typeTree = (Tree)typeEntry.Target;
            var byNickname = new Dictionary<string, (string Path, Blob Blob)>(StringComparer.Ordinal);
            foreach (var entry in typeTree)
            {
                var (nickname, path, blob) = ComponentFile(entry, environment, typeEntry.Name);
                if (nickname is null || blob is null)
                {
                    continue;
                }

                if (byNickname.TryGetValue(nickname, out var other))
                {
                    throw new ConfigLayoutException(
                        $"Component {typeEntry.Name}/{nickname} has two config files in {display} at {commit.Sha[..12]}: '{other.Path}' and '{path}'. Keep one.");
                }

                byNickname[nickname] = (path, blob);
            }

            // The blob found while walking the tree is read directly: looking each file up again by its full path
            // costs a walk from the root per component, which dominated large repos.
            foreach (var (nickname, (path, blob)) in byNickname)
            {
                var id = ToComponentId(typeEntry.Name, nickname, path);
                documents.Add(new ConfigDocument(id, path, ReadText(blob, path)));
            }
        }

        documents.Sort((a, b) => a.Id.CompareTo(b.Id));
        return documents;
    }

    public static string ReadText(Blob blob, string path)
    {
        try
        {
            // Configs are small: one read into a pooled buffer and one decode, rather than a StreamReader (and its
            // buffers) per file, which at 100,000 files was mostly garbage for the collector.
            var size = checked((int)blob.Size);
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
            try
            {
                using var stream = blob.GetContentStream();
                stream.ReadExactly(buffer, 0, size);
                var bytes = buffer.AsSpan(0, size);
                if (!HasNonUtf8ByteOrderMark(bytes))
                {
                    return StrictUtf8.GetString(bytes.StartsWith(Utf8ByteOrderMark) ? bytes[Utf8ByteOrderMark.Length..] : bytes);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // A UTF-16 or UTF-32 byte order mark: decode as the mark says, as a StreamReader would.
            using var marked = blob.GetContentStream();
            using var reader = new StreamReader(marked, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            throw new ConfigLayoutException($"'{path}' is not UTF-8 text.");
        }
    }

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static bool HasNonUtf8ByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    private static (string? Nickname, string Path, Blob? Blob) ComponentFile(TreeEntry entry, string environment, string type)
    {
        var folder = $"iac/{environment}/{type}";
        if (entry.TargetType == TreeEntryTargetType.Blob && entry.Name.EndsWith(".json", StringComparison.Ordinal) && entry.Name.Length > 5)
        {
            return (entry.Name[..^5], $"{folder}/{entry.Name}", (Blob)entry.Target);
        }

        if (entry.TargetType == TreeEntryTargetType.Tree && ((Tree)entry.Target)["config.json"] is { TargetType: TreeEntryTargetType.Blob } config)
        {
            return (entry.Name, $"{folder}/{entry.Name}/config.json", (Blob)config.Target);
        }

        return (null, string.Empty, null);
    }

    private static ComponentId ToComponentId(string type, string nickname, string path) =>
        ComponentId.IsValidSegment(type) && ComponentId.IsValidSegment(nickname)
            ? new ComponentId(type, nickname)
            : throw new ConfigLayoutException(
                $"'{path}' does not name a valid component: type and nickname must be letters, digits, '.', '_' or '-' (got '{type}/{nickname}').");
}
