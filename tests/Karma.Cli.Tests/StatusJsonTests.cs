using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Google.Protobuf;
using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Workflows;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Karma.Cli.Tests;

/// <summary>
/// <c>karma status</c> reads the memo and prints JSON with compile-time metadata instead of reflection (it is faster
/// to start). Both must give exactly what the reflection-based paths give.
/// </summary>
public sealed class StatusJsonTests
{
    private static readonly DateTime At = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private static readonly JsonSerializerOptions ReflectionOnly = new(CliConsole.JsonOptions) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly ChangeStatus Rich = new(
        "c-1", "vpc/main", "dev", ChangeState.Applied, "alice", "move the VPC",
        [new TimelineEntry(At, ChangeState.Queued, "proposed"), new TimelineEntry(At.AddSeconds(5), ChangeState.Applied, null)],
        new PlanView("1 to add", 1, 0, 1, ["terraform_data.vpc"], "fp", "/plans/p.tfplan"),
        [new RecordedApproval("bob", ChangeSource.Slack, new DateTimeOffset(At, TimeSpan.Zero), "fp", "ok")],
        1, At.AddHours(72), 0, ["a warning"],
        new ChangeResult("c-1", "applied", ["vpc/main", "ecs-cluster/main"], [], "log-1", null, "1 to add"),
        ChangeKind.Deploy);

    private static readonly ChangeStatus Sparse = new(
        "c-2", "s3-bucket/assets", "dev", ChangeState.AwaitingApproval, "carol", string.Empty, [], null, [], 2, null, 3, [], null);

    public static TheoryData<string> Statuses => ["rich", "sparse"];

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task A_memo_decodes_as_the_data_converter_decodes_it(string which)
    {
        var status = Pick(which);
        var payload = await DataConverter.Default.ToPayloadAsync(status);
        var memo = new Memo { Fields = { [ChangeStatusMemo.Key] = payload } };

        var fast = await ChangeStatusMemo.ReadAsync(memo, DataConverter.Default);
        var byConverter = await DataConverter.Default.ToValueAsync<ChangeStatus>(payload);

        Assert.Equal(JsonSerializer.Serialize(byConverter), JsonSerializer.Serialize(fast));
        Assert.Equal(JsonSerializer.Serialize(status), JsonSerializer.Serialize(fast));
    }

    [Fact]
    public async Task A_memo_behind_a_codec_is_decoded_through_the_converter()
    {
        var converter = DataConverter.Default with { PayloadCodec = new ReversingCodec() };
        var encoded = await converter.ToPayloadAsync(Rich);
        Assert.Equal("binary/reversed", encoded.Metadata["encoding"].ToStringUtf8());
        var memo = new Memo { Fields = { [ChangeStatusMemo.Key] = encoded } };

        var status = await ChangeStatusMemo.ReadAsync(memo, converter);

        Assert.Equal(JsonSerializer.Serialize(Rich), JsonSerializer.Serialize(status));
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Status_json_is_what_reflection_would_print(string which)
    {
        var status = Pick(which);
        var printed = JsonSerializer.Serialize(status, CliConsole.JsonOptions);

        Assert.Equal(JsonSerializer.Serialize(status, ReflectionOnly), printed);
        Assert.Contains("\"state\": \"awaiting_approval\"", JsonSerializer.Serialize(Sparse, CliConsole.JsonOptions), StringComparison.Ordinal);
    }

    private static ChangeStatus Pick(string which) => which == "rich" ? Rich : Sparse;

    /// <summary>A stand-in for an encrypting codec: the bytes on the wire are not the JSON.</summary>
    private sealed class ReversingCodec : IPayloadCodec
    {
        public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) =>
            Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(p => new Payload
            {
                Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/reversed") },
                Data = ByteString.CopyFrom(p.ToByteArray().Reverse().ToArray()),
            }).ToList());

        public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) =>
            Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(p => Payload.Parser.ParseFrom(p.Data.ToByteArray().Reverse().ToArray())).ToList());
    }
}
