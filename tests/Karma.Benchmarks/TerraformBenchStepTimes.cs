using System.Diagnostics;
using System.Globalization;
using Karma.Activities.Terraform;

namespace Karma.Benchmarks;

/// <summary>Per-step timings of the runner cycle in <see cref="TerraformOverheadBench"/>, to show where overhead sits.</summary>
internal sealed class StepTimes
{
    private readonly Dictionary<string, List<double>> _times = new(StringComparer.Ordinal);

    /// <summary>False during warm-up: nothing is recorded.</summary>
    public bool Counting { get; set; }

    public int Lines { get; private set; }

    public void CountLine(TerraformOutputLine line)
    {
        if (Counting)
        {
            Lines++;
        }
    }

    public async Task TimeAsync(string step, Func<Task> action) =>
        await TimeAsync(step, async () =>
        {
            await action();
            return true;
        });

    public async Task<T> TimeAsync<T>(string step, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        if (Counting)
        {
            if (!_times.TryGetValue(step, out var list))
            {
                _times[step] = list = [];
            }

            list.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return result;
    }

    public string Describe() => string.Join(
        ", ",
        _times.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {TerraformOverheadBench.Median(pair.Value):F1}")));
}
