using Grpc.Core;

namespace Karma.TemporalDev.Rpc;

/// <summary>How long a long poll may wait: answer (empty) a little before the caller's deadline, at most 30 s.</summary>
internal static class LongPoll
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    public static TimeSpan Budget(ServerCallContext call)
    {
        var untilDeadline = call.Deadline == DateTime.MaxValue ? Max : call.Deadline - DateTime.UtcNow - TimeSpan.FromSeconds(1);
        return untilDeadline < TimeSpan.Zero ? TimeSpan.Zero : (untilDeadline > Max ? Max : untilDeadline);
    }

    /// <summary>Waits for <paramref name="change"/> or the budget; false when the budget ran out or the call ended.</summary>
    public static async Task<bool> WaitAsync(Task change, DateTime until, CancellationToken cancellationToken)
    {
        var left = until - DateTime.UtcNow;
        if (left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            await change.WaitAsync(left, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
