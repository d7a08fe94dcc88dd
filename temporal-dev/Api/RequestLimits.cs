using Google.Protobuf;
using Karma.TemporalDev.Rpc;

namespace Karma.TemporalDev.Api;

/// <summary>
/// Temporal's default per-request limits (frontend <c>limit.blobSize.error</c> = 2 MB for a payload blob, 1,000
/// characters for ids and names): larger input is refused with InvalidArgument before it reaches the history,
/// as on a real cluster, so a workflow that works here does not fail in production for its size.
/// </summary>
internal static class RequestLimits
{
    public const int MaxBlobBytes = 2 * 1024 * 1024;
    public const int MaxIdLength = 1000;

    public static void Blob(IMessage? blob, string what)
    {
        var size = blob?.CalculateSize() ?? 0;
        if (size > MaxBlobBytes)
        {
            throw RpcErrors.InvalidArgument($"The {what} is {size} bytes, over the {MaxBlobBytes}-byte blob size limit.");
        }
    }

    public static void Id(string? value, string what)
    {
        if (value is { Length: > MaxIdLength })
        {
            throw RpcErrors.InvalidArgument($"The {what} is {value.Length} characters long, over the {MaxIdLength}-character limit.");
        }
    }
}
