using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Karma.TemporalDev.Persistence;

/// <summary>
/// Group commit: writes that arrive while a transaction is being committed queue up (their threads block without
/// spinning) and are then committed together in the next transaction by one of them, the "leader". Each caller
/// still returns only once its own write is committed, so no acknowledged write can be lost to a kill -9; the server
/// does one SQLite transaction per burst instead of one per mutation, and threads stop fighting over the connection.
/// Each thread leads at most one batch, then hands leadership to the first waiter. A batch that fails is retried
/// write by write, so one bad write fails only its own caller.
/// </summary>
internal sealed class GroupCommit<T>(Action<IReadOnlyList<T>> commitBatch)
    where T : class
{
    private readonly Lock gate = new();
    private List<Pending> queue = [];
    private bool leading;

    public void Commit(T write)
    {
        using var mine = new Pending(write);
        bool lead;
        lock (gate)
        {
            queue.Add(mine);
            lead = !leading;
            leading = true;
        }

        if (!lead)
        {
            mine.Wake.Wait();
            if (!mine.Leads)
            {
                mine.ThrowIfFailed();
                return;
            }
        }

        List<Pending> batch;
        lock (gate)
        {
            batch = queue;
            queue = [];
        }

        try
        {
            Run(batch);
        }
        finally
        {
            foreach (var p in batch)
            {
                if (!p.Done)
                {
                    p.Fail(new InvalidOperationException("The group commit this write was part of failed."));
                }

                if (p != mine)
                {
                    p.Wake.Set();
                }
            }

            lock (gate)
            {
                if (queue.Count > 0)
                {
                    queue[0].Leads = true;
                    queue[0].Wake.Set();
                }
                else
                {
                    leading = false;
                }
            }
        }

        mine.ThrowIfFailed();
    }

    private void Run(List<Pending> batch)
    {
        try
        {
            commitBatch(batch.ConvertAll(p => p.Write));
            batch.ForEach(p => p.Done = true);
        }
        catch (SqliteException) when (batch.Count > 1)
        {
            foreach (var p in batch)
            {
                try
                {
                    commitBatch([p.Write]);
                    p.Done = true;
                }
                catch (SqliteException e)
                {
                    p.Fail(e);
                }
            }
        }
    }

    private sealed class Pending(T write) : IDisposable
    {
        private ExceptionDispatchInfo? error;

        public T Write { get; } = write;

        /// <summary>Set when the write is committed (or failed), or when this waiter is to lead the next batch.</summary>
        public ManualResetEventSlim Wake { get; } = new(false, spinCount: 0);

        public bool Done { get; set; }

        public bool Leads { get; set; }

        public void Fail(Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
            Done = true;
        }

        public void ThrowIfFailed() => error?.Throw();

        public void Dispose() => Wake.Dispose();
    }
}
