using Karma.Gremlin.Graph;

namespace Karma.Gremlin.Transport;

/// <summary>A request awaiting its terminal status; partial (206) batches accumulate here.</summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<IReadOnlyList<object?>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<object?> _results = [];

    public Task<IReadOnlyList<object?>> Task => _done.Task;

    public bool SaslAnswered { get; set; }

    public int PartialBatches { get; private set; }

    public void AddBatch(object? data, bool partial)
    {
        if (partial)
        {
            PartialBatches++;
        }

        switch (data)
        {
            case null:
                break;
            case List<object?> items:
                foreach (var item in items)
                {
                    AddItem(item);
                }

                break;
            default:
                AddItem(data);
                break;
        }
    }

    public void Complete() => _done.TrySetResult(_results);

    public void Fail(Exception error) => _done.TrySetException(error);

    // Bytecode results come as traversers; a bulk of n stands for n equal results.
    private void AddItem(object? item)
    {
        if (item is Traverser traverser)
        {
            for (long i = 0; i < traverser.Bulk; i++)
            {
                _results.Add(traverser.Value);
            }
        }
        else
        {
            _results.Add(item);
        }
    }
}
