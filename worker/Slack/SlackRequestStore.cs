using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Karma.Slack.Api;
using Karma.Slack.Messages;

namespace Karma.Worker.Slack;

/// <summary>
/// The approval request posted for a change: where it is (channel + ts) and what it showed, so a decision, a
/// reminder or progress can update or thread under it, also after a worker restart. The view is stored without
/// secret values (see <see cref="SlackChangeNotifier"/>).
/// </summary>
/// <param name="ChangeKey">The change's <see cref="SlackChangeReference.Value"/>.</param>
/// <param name="PlanFingerprint">The plan the request asked about; a new plan supersedes the request.</param>
public sealed record SlackRequestRecord(string ChangeKey, string Channel, string Ts, string PlanFingerprint, ApprovalRequestView View)
{
    [JsonIgnore]
    public SlackMessageRef Message => new(Channel, Ts);
}

/// <summary>
/// One small JSON file per change under <c>&lt;KARMA_HOME&gt;/slack/requests</c>, written atomically (temp file +
/// rename), so a crash never leaves a half-written record and a restarted worker finds every open request.
/// </summary>
public sealed class SlackRequestStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    private readonly string directory;

    public SlackRequestStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        this.directory = directory;
    }

    public async Task<SlackRequestRecord?> FindAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var path = PathOf(change);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var record = await JsonSerializer.DeserializeAsync<SlackRequestRecord>(stream, Json, cancellationToken);
        return record?.ChangeKey == change.Value ? record : null;
    }

    public async Task SaveAsync(SlackRequestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var change = SlackChangeReference.TryParse(record.ChangeKey)
            ?? throw new ArgumentException($"'{record.ChangeKey}' does not address a change.", nameof(record));
        Directory.CreateDirectory(directory);
        var path = PathOf(change);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
    }

    // Hashed file names: workflow ids contain '/', and a fixed length keeps any id within path limits.
    private string PathOf(SlackChangeReference change) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(change.Value)))[..32] + ".json");
}
