using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Memo upserts: fields replace, an empty payload deletes.</summary>
internal static class MemoMerge
{
    public static byte[]? Apply(byte[]? existing, Memo? upsert)
    {
        var memo = existing is null ? new Memo() : Memo.Parser.ParseFrom(existing);
        foreach (var (key, value) in upsert?.Fields ?? [])
        {
            if (value.Data.IsEmpty)
            {
                memo.Fields.Remove(key);
            }
            else
            {
                memo.Fields[key] = value;
            }
        }

        return memo.Fields.Count == 0 ? null : memo.ToByteArray();
    }
}
