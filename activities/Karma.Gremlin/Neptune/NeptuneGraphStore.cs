using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Gremlin.Auth;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Gremlin.Neptune;

/// <summary>
/// <see cref="IGraphStore"/> on Amazon Neptune (or any TinkerPop 3.7+ Gremlin Server). A write reads what is
/// stored for the environment, diffs it against the new graph and sends only the delta as batched, parallel,
/// idempotent bytecode upserts and deletes, bracketed by the environment's build vertex going "building" → "ready".
/// </summary>
public sealed partial class NeptuneGraphStore : IGraphStore, IAsyncDisposable
{
    private readonly GremlinClient _client;
    private readonly NeptuneOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _ownsClient;

    public NeptuneGraphStore(GremlinClient client, NeptuneOptions options, TimeProvider? time = null, ILogger<NeptuneGraphStore>? logger = null, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ownsClient = ownsClient;
    }

    /// <summary>Attempts of <see cref="LoadLatestAsync"/> while a write is in progress, and the pause between them.</summary>
    public int ReadAttempts { get; init; } = 10;

    public TimeSpan ReadRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public GremlinClient Client => _client;

    /// <summary>The store for <paramref name="options"/>, owning its client (see <see cref="CreateClient"/>).</summary>
    public static NeptuneGraphStore Create(NeptuneOptions options, ILoggerFactory? loggerFactory = null, IAwsCredentialSource? credentials = null)
    {
        var client = CreateClient(options, loggerFactory, credentials);
        return new NeptuneGraphStore(client, options, logger: loggerFactory?.CreateLogger<NeptuneGraphStore>(), ownsClient: true);
    }

    /// <summary>
    /// A client for <paramref name="options"/> (also what <c>karma graph query</c> needs). With IAM, each connection is
    /// SigV4-signed with credentials from <paramref name="credentials"/>, by default the AWS SDK's credential chain.
    /// </summary>
    public static GremlinClient CreateClient(NeptuneOptions options, ILoggerFactory? loggerFactory = null, IAwsCredentialSource? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var handshake = options.Iam ? new NeptuneIamHandshake(credentials ?? new AwsSdkCredentialSource(), options.Region!) : null;
        return new GremlinClient(options.ToClientOptions(), handshake, loggerFactory?.CreateLogger<GremlinClient>());
    }

    public async Task<StoredGraph?> LoadLatestAsync(string environment, CancellationToken cancellationToken)
    {
        NeptuneSchema.EnsureValidEnvironment(environment);
        for (var attempt = 1; ; attempt++)
        {
            var before = await NeptuneGraphReader.ReadBuildAsync(_client, environment, cancellationToken).ConfigureAwait(false);
            if (before?.ReadyVersion is null)
            {
                return null;
            }

            if (before.IsReady)
            {
                var graph = await NeptuneGraphReader.ReadGraphAsync(_client, environment, before.GitCommit, cancellationToken).ConfigureAwait(false);
                // A write that started while we read would have moved the build vertex; then the snapshot may be mixed.
                var after = await NeptuneGraphReader.ReadBuildAsync(_client, environment, cancellationToken).ConfigureAwait(false);
                if (after == before)
                {
                    return new StoredGraph(before.Version, before.BuiltAt ?? DateTimeOffset.UnixEpoch, graph);
                }
            }

            if (attempt >= ReadAttempts)
            {
                throw new NeptuneGraphBuildInProgressException(
                    $"The graph of '{environment}' is being written (build {before.Version}, status {before.Status}); " +
                    $"gave up after {attempt} reads. If no write is running, the last one failed: run the graph build again.");
            }

            await Task.Delay(ReadRetryDelay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<GraphWriteResult> WriteAsync(ComponentGraph graph, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        NeptuneSchema.EnsureValidEnvironment(graph.Environment);
        var environment = graph.Environment;

        var build = await NeptuneGraphReader.ReadBuildAsync(_client, environment, cancellationToken).ConfigureAwait(false);
        // Diff against what is really stored, not the last ready snapshot: a write that failed halfway is repaired.
        var stored = await NeptuneGraphReader.ReadGraphAsync(_client, environment, build?.GitCommit, cancellationToken).ConfigureAwait(false);
        var delta = ComponentGraphDelta.Compute(stored, graph);

        if (delta.IsEmpty && build is { IsReady: true } && build.GitCommit == graph.GitCommit)
        {
            LogUnchanged(_logger, environment, build.Version);
            return new GraphWriteResult(build.Version, 0, 0, 0, 0, 0);
        }

        var version = (build?.Version ?? 0) + 1;
        var plan = NeptuneWritePlan.Create(environment, delta, _options.BatchSize, _options.MaxStepsPerRequest);
        await SetBuildAsync(environment, version, NeptuneSchema.StatusBuilding, build?.ReadyVersion, build?.BuiltAt, build?.GitCommit, cancellationToken).ConfigureAwait(false);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelRequests, CancellationToken = cancellationToken };
        foreach (var phase in plan.Phases)
        {
            await Parallel.ForEachAsync(phase, parallel, async (request, ct) => await _client.SubmitAsync(request, ct).ConfigureAwait(false))
                .ConfigureAwait(false);
        }

        await SetBuildAsync(environment, version, NeptuneSchema.StatusReady, version, _time.GetUtcNow(), graph.GitCommit, cancellationToken).ConfigureAwait(false);

        var result = new GraphWriteResult(
            version,
            delta.NodesAdded.Count,
            delta.NodesUpdated.Count,
            delta.NodesRemoved.Count,
            delta.EdgesAdded.Count,
            delta.EdgesRemoved.Count);
        LogWritten(_logger, environment, version, plan.RequestCount, result.NodesAdded, result.NodesUpdated, result.NodesRemoved, result.EdgesAdded, result.EdgesRemoved);
        return result;
    }

    private async Task SetBuildAsync(
        string environment, long version, string status, long? readyVersion, DateTimeOffset? builtAt, string? gitCommit, CancellationToken cancellationToken)
    {
        var traversal = GraphTraversal.G()
            .MergeV(new Dictionary<object, object?> { [T.Id] = NeptuneSchema.BuildVertexId(environment) })
            .Option(Merge.OnCreate, new Dictionary<object, object?> { [T.Label] = NeptuneSchema.BuildLabel, [NeptuneSchema.Environment] = environment })
            .Property(Cardinality.SingleValue, NeptuneSchema.Version, version)
            .Property(Cardinality.SingleValue, NeptuneSchema.Status, status);
        SetOrDrop(traversal, NeptuneSchema.ReadyVersion, readyVersion);
        SetOrDrop(traversal, NeptuneSchema.BuiltAt, builtAt);
        SetOrDrop(traversal, NeptuneSchema.GitCommit, gitCommit);
        await _client.SubmitAsync(traversal, cancellationToken).ConfigureAwait(false);
    }

    private static void SetOrDrop(GraphTraversal traversal, string key, object? value)
    {
        if (value is null)
        {
            traversal.SideEffect(GraphTraversal.Anonymous().Properties(key).Drop());
        }
        else
        {
            traversal.Property(Cardinality.SingleValue, key, value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Neptune graph of {Environment} unchanged (version {Version})")]
    private static partial void LogUnchanged(ILogger logger, string environment, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Neptune graph of {Environment} written as version {Version} in {Requests} requests: nodes +{Added} ~{Updated} -{Removed}, edges +{EdgesAdded} -{EdgesRemoved}")]
    private static partial void LogWritten(ILogger logger, string environment, long version, int requests, int added, int updated, int removed, int edgesAdded, int edgesRemoved);
}
