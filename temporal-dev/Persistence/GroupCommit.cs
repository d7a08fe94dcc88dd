using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Karma.TemporalDev.Persistence;

/// <summary>
/// Group commit: writes that arrive while a transaction is being committed wait (blocked, not spinning) and are
/// then committed together in the next transaction by one of them, the "leader". Each caller still returns only
/// once its own write is committed, so no acknowledged write can be lost to a kill -9; the server simply does one
/// SQLite transaction per burst instead of one per mutation, and threads stop fighting over the connection.
/// A batch that fails is retried write by write, so one bad write fails only its own caller.
/// </summary>
internal sealed class GroupCommit<T>(Action<IReadOnlyList<T>> commitBatch)
    where T : class
{
    private readonly object gate = new();
    private List<Pending> queue = [];
    private bool leading;

    public void Commit(T write)
    {
        var mine = new Pending(write);
        List<Pending> batch;
        lock (gate)
        {
            queue.Add(mine);
            while (leading && !mine.Done)
            {
                Monitor.Wait(gate);
            }

            if (mine.Done)
            {
                mine.ThrowIfFailed();
                return;
            }

            leading = true;
            batch = queue;
            queue = [];
        }

        try
        {
            Run(batch);
        }
        finally
        {
            lock (gate)
            {
                foreach (var p in batch)
                {
                    if (!p.Done)
                    {
                        p.Fail(new InvalidOperationException("The group commit this write was part of failed."));
                    }
                }

                leading = false;
                Monitor.PulseAll(gate);
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

    private sealed class Pending(T write)
    {
        private ExceptionDispatchInfo? error;

        public T Write { get; } = write;

        public bool Done { get; set; }

        public void Fail(Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
            Done = true;
        }

        public void ThrowIfFailed() => error?.Throw();
    }
}
