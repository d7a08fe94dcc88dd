namespace Karma.Activities.Terraform;

/// <summary>
/// Saved plan files hold every value terraform planned with, secrets included, in plain text; they are needed only
/// until their change is applied or abandoned. A plan older than the retention is deleted when the same instance is
/// planned again. Applying a change whose plan was pruned is still safe: the apply activity re-plans and proceeds
/// only when the fresh plan is within what was approved. The redacted JSON beside each plan holds no secrets and stays.
/// A dry run's folder (<c>dry-runs/&lt;id&gt;</c>) is never applied from, so once expired it goes whole.
/// </summary>
public static class PlanFileRetention
{
    public const string PlanExtension = ".tfplan";

    /// <summary>Deletes the plan files in <paramref name="plansDirectory"/> last written before <paramref name="nowUtc"/> minus <paramref name="retention"/>.</summary>
    /// <returns>The deleted files' paths.</returns>
    public static IReadOnlyList<string> Prune(string plansDirectory, TimeSpan retention, DateTime nowUtc) =>
        Directory.Exists(plansDirectory)
            ? DeleteOlderThan(Directory.EnumerateFiles(plansDirectory, "*" + PlanExtension), nowUtc - retention, File.GetLastWriteTimeUtc, File.Delete)
            : [];

    /// <summary>Deletes the dry-run folders under <paramref name="dryRunsDirectory"/> last written before the cutoff.</summary>
    /// <returns>The deleted folders' paths.</returns>
    public static IReadOnlyList<string> PruneDryRuns(string dryRunsDirectory, TimeSpan retention, DateTime nowUtc) =>
        Directory.Exists(dryRunsDirectory)
            ? DeleteOlderThan(Directory.EnumerateDirectories(dryRunsDirectory), nowUtc - retention, Directory.GetLastWriteTimeUtc, d => Directory.Delete(d, recursive: true))
            : [];

    private static List<string> DeleteOlderThan(IEnumerable<string> paths, DateTime cutoff, Func<string, DateTime> lastWriteUtc, Action<string> delete)
    {
        var deleted = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (lastWriteUtc(path) < cutoff)
                {
                    delete(path);
                    deleted.Add(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process may hold it (a plan or dry run in progress) or have removed it; the next plan tries again.
            }
        }

        return deleted;
    }
}
