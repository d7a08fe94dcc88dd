using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>A value above its tier's limit (Standard 4 KB, Advanced 8 KB). Names the size, never the value.</summary>
public sealed class ParameterValueTooLargeException(string name, string tier, int sizeInBytes, int limitInBytes)
    : ParameterStoreException(
        $"Parameter '{name}' value is {sizeInBytes} bytes; the {tier} tier allows at most {limitInBytes} bytes." +
        (limitInBytes < ParameterWriteRules.AdvancedLimitBytes ? " Use the Advanced tier (8 KB) or a smaller value." : string.Empty))
{
    public string Name { get; } = name;

    public int SizeInBytes { get; } = sizeInBytes;

    public int LimitInBytes { get; } = limitInBytes;
}
