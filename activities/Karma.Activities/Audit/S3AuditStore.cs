using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;

namespace Karma.Activities.Audit;

/// <summary>
/// The audit trail as one S3 object per entry, shared by every host:
/// <c>&lt;prefix&gt;yyyy/MM/dd/HHmmss.fffffffZ/&lt;component&gt;/&lt;id&gt;.json</c> (component and id URL-escaped), so a
/// listing is in time order and already carries time and component; only entries that pass those are fetched. A guard
/// object <c>&lt;prefix&gt;ids/&lt;id&gt;</c>, written after the entry, makes appends idempotent on the id: a retry that
/// finds it stores nothing, and a retry after a crash between the two writes rewrites the same key (an entry's time
/// comes from the workflow, so a retried activity carries the same one).
/// </summary>
public sealed class S3AuditStore(IAmazonS3 client, string bucket, string prefix) : IAuditStore
{
    private const int ParallelReads = 16;
    private readonly string _prefix = NormalizePrefix(prefix);

    public string Description => $"s3://{bucket}/{_prefix}";

    public async Task<bool> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var guard = $"{_prefix}ids/{Uri.EscapeDataString(entry.Id)}";
        try
        {
            if (await ExistsAsync(guard, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var key = KeyOf(entry);
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = AuditEntryJson.Write(entry), ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = guard, ContentBody = key, ContentType = "text/plain" }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e)
        {
            throw new AuditStoreException($"cannot append to the audit trail in {Description}: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var keys = new List<string>();
            foreach (var listPrefix in ListPrefixes(query))
            {
                await foreach (var key in ListAsync(listPrefix, cancellationToken).ConfigureAwait(false))
                {
                    if (ParseKey(key) is { } parsed
                        && (query.Component is null || parsed.Component == query.Component)
                        && (query.Since is null || parsed.Time >= query.Since)
                        && (query.Until is null || parsed.Time <= query.Until))
                    {
                        keys.Add(key);
                    }
                }
            }

            var entries = new AuditEntry[keys.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, keys.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
                async (i, ct) => entries[i] = await GetAsync(keys[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
            return AuditQuery.InOrder(entries.Where(query.Matches));
        }
        catch (AmazonS3Exception e)
        {
            throw new AuditStoreException($"cannot read the audit trail in {Description}: {e.Message}", e);
        }
    }

    private string KeyOf(AuditEntry entry)
    {
        var time = entry.Timestamp.UtcDateTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{_prefix}{time:yyyy'/'MM'/'dd}/{time:HHmmss.fffffff}Z/{Uri.EscapeDataString(entry.Component)}/{Uri.EscapeDataString(entry.Id)}.json");
    }

    private (DateTimeOffset Time, string Component)? ParseKey(string key)
    {
        // yyyy/MM/dd/HHmmss.fffffffZ/component/id.json
        var parts = key[_prefix.Length..].Split('/');
        if (parts.Length != 6 || !DateTimeOffset.TryParseExact(
                $"{parts[0]}{parts[1]}{parts[2]}{parts[3]}", "yyyyMMddHHmmss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        return (time, Uri.UnescapeDataString(parts[4]));
    }

    /// <summary>The day folders a time window covers; the whole trail when the window is open or longer than a year.</summary>
    private IEnumerable<string> ListPrefixes(AuditQuery query)
    {
        if (query.Since is { } since && query.Until is { } until && until >= since && until - since <= TimeSpan.FromDays(366))
        {
            for (var day = since.UtcDateTime.Date; day <= until.UtcDateTime.Date; day = day.AddDays(1))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{_prefix}{day:yyyy'/'MM'/'dd}/");
            }
        }
        else
        {
            yield return _prefix;
        }
    }

    private async IAsyncEnumerable<string> ListAsync(string listPrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = listPrefix };
        var guards = $"{_prefix}ids/";
        do
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                // Date folders sort before ids/: the guards end the listing.
                if (item.Key.StartsWith(guards, StringComparison.Ordinal))
                {
                    yield break;
                }

                yield return item.Key;
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    private async Task<AuditEntry> GetAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(response.ResponseStream);
        return AuditEntryJson.Read(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), $"s3://{bucket}/{key}");
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string NormalizePrefix(string prefix) =>
        string.IsNullOrWhiteSpace(prefix) ? string.Empty : prefix.Trim('/') + "/";
}
