using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Visibility;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Runs in memory (every open run; closed runs on first access) backed by SQLite, and the single place where a
/// mutation is committed: state + new events in one transaction, then effects.
/// </summary>
internal sealed partial class RunRepository(SqliteStore store, ILogger<RunRepository> logger)
{
    private static readonly JsonSerializerOptions Json = new();
    private readonly ConcurrentDictionary<string, WorkflowRun> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Ns, string WorkflowId), string> current = new();

    public IEnumerable<WorkflowRun> InMemory => runs.Values;

    public SqliteStore Store => store;

    public static MutableState ParseState(string json) => JsonSerializer.Deserialize<MutableState>(json, Json)
        ?? throw new InvalidDataException("Stored run state is empty.");

    public WorkflowRun Add(string ns, string workflowId, string runId, MutableState state)
    {
        var run = new WorkflowRun(ns, workflowId, runId, state, new HistoryLog([], []));
        runs[runId] = run;
        current[(ns, workflowId)] = runId;
        return run;
    }

    /// <summary>Loads every open run (start-up); closed runs stay on disk until asked for.</summary>
    public IReadOnlyList<WorkflowRun> LoadOpenRuns()
    {
        var loaded = new List<WorkflowRun>();
        foreach (var stored in store.LoadOpenRuns())
        {
            var run = Materialize(stored);
            runs[run.RunId] = run;
            current[(run.Namespace, run.WorkflowId)] = run.RunId;
            loaded.Add(run);
        }

        return loaded;
    }

    public WorkflowRun? FindRun(string runId)
    {
        if (runs.TryGetValue(runId, out var run))
        {
            return run;
        }

        var stored = store.LoadRun(runId);
        return stored is null ? null : runs.GetOrAdd(runId, _ => Materialize(stored));
    }

    public WorkflowRun? FindCurrent(string ns, string workflowId)
    {
        var runId = current.TryGetValue((ns, workflowId), out var id) ? id : store.FindCurrentRunId(ns, workflowId);
        return runId is null ? null : FindRun(runId);
    }

    /// <summary>Resolves an execution the way the API does: explicit run id, else the current run of the id.</summary>
    public WorkflowRun? Find(string ns, WorkflowExecution? execution)
    {
        if (execution is null || string.IsNullOrEmpty(execution.WorkflowId))
        {
            return null;
        }

        var run = string.IsNullOrEmpty(execution.RunId) ? FindCurrent(ns, execution.WorkflowId) : FindRun(execution.RunId);
        return run is not null && run.Namespace == ns && run.WorkflowId == execution.WorkflowId ? run : null;
    }

    /// <summary>
    /// Drops a closed run from memory; it is read back from SQLite when asked for again. Keeps a long-lived
    /// server's memory proportional to its open runs. Anyone still holding the object keeps a valid snapshot.
    /// </summary>
    public void Evict(WorkflowRun run)
    {
        if (!run.IsOpen)
        {
            runs.TryRemove(new KeyValuePair<string, WorkflowRun>(run.RunId, run));
        }
    }

    public T Mutate<T>(WorkflowRun run, Func<RunMutation, T> change)
    {
        RunMutation mutation;
        T result;
        lock (run.Gate)
        {
            mutation = new RunMutation(run);
            result = change(mutation);
            if (!mutation.Skip)
            {
                Persist(mutation);
                foreach (var effect in mutation.AfterCommitActions)
                {
                    effect();
                }

                run.NotifyChanged();
            }
        }

        foreach (var effect in mutation.AfterUnlockActions)
        {
            effect();
        }

        return result;
    }

    public void Mutate(WorkflowRun run, Action<RunMutation> change) => Mutate(run, m =>
    {
        change(m);
        return true;
    });

    private void Persist(RunMutation m)
    {
        var run = m.Run;
        var s = run.State;
        s.StateTransitions++;
        if (m.MakeCurrent)
        {
            current[(run.Namespace, run.WorkflowId)] = run.RunId;
        }

        var buffered = run.History.Buffered.Count == 0 ? null : new History { Events = { run.History.Buffered } }.ToByteArray();
        store.Commit(new RunWrite(
            run.RunId, run.Namespace, run.WorkflowId, s.WorkflowType, s.TaskQueue, s.Status, s.StartTimeMs, s.CloseTimeMs,
            run.History.LastEventId, JsonSerializer.Serialize(s, Json), buffered, run.History.Unpersisted().ToList(), m.MakeCurrent,
            m.SearchAttributesChanged ? SearchAttributeRows.From(s.SearchAttributes) : null));
        run.History.MarkPersisted();
    }

    private WorkflowRun Materialize(StoredRun stored)
    {
        var state = ParseState(stored.StateJson);
        var events = store.ReadEvents(stored.RunId);
        var buffered = stored.Buffered is null ? [] : History.Parser.ParseFrom(stored.Buffered).Events.ToList();
        LogLoaded(logger, stored.WorkflowId, stored.RunId, events.Count);
        return new WorkflowRun(stored.Namespace, stored.WorkflowId, stored.RunId, state, new HistoryLog(events, buffered));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loaded run {WorkflowId}/{RunId} with {Count} events")]
    private static partial void LogLoaded(ILogger logger, string workflowId, string runId, int count);
}
