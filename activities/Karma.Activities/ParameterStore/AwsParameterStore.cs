using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Karma.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parameter = Karma.Core.Ports.Parameter;
using ParameterType = Karma.Core.Ports.ParameterType;

namespace Karma.Activities.ParameterStore;

/// <summary>
/// <see cref="IParameterStore"/> on AWS SSM Parameter Store (or anything speaking its API, such as moto).
/// Names are validated on the client so errors match the local store; values are never logged.
/// </summary>
public sealed partial class AwsParameterStore : IParameterStore, IParameterBatchReader, IDisposable
{
    // SSM's hard ceiling for both GetParametersByPath page size and GetParameters names per call.
    private const int PageSize = 10;

    private readonly IAmazonSimpleSystemsManagement _client;
    private readonly ThrottlingRetry _retry;
    private readonly ILogger _logger;
    private readonly bool _ownsClient;

    public AwsParameterStore(
        IAmazonSimpleSystemsManagement client,
        string endpointDescription,
        ThrottlingRetry? retry = null,
        ILogger? logger = null)
        : this(client, endpointDescription, retry, logger, ownsClient: false)
    {
    }

    private AwsParameterStore(IAmazonSimpleSystemsManagement client, string endpoint, ThrottlingRetry? retry, ILogger? logger, bool ownsClient)
    {
        _client = client;
        Endpoint = endpoint;
        _retry = retry ?? new ThrottlingRetry(SsmErrorTranslator.IsThrottle);
        _logger = logger ?? NullLogger.Instance;
        _ownsClient = ownsClient;
    }

    /// <summary>Where requests go, for messages: the service URL, or "AWS SSM (region)".</summary>
    public string Endpoint { get; }

    /// <summary>Builds a client from <paramref name="settings"/> and the AWS environment conventions.</summary>
    public static AwsParameterStore Create(AwsParameterStoreSettings settings, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new AmazonSimpleSystemsManagementConfig { Timeout = settings.RequestTimeout };
        var serviceUrl = settings.ResolveServiceUrl();
        var region = settings.ResolveRegion();
        string endpoint;
        if (serviceUrl is not null)
        {
            if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ParameterStoreException($"Parameter Store endpoint '{serviceUrl}' is not an absolute http(s) URL.");
            }

            config.ServiceURL = serviceUrl;
            // A custom endpoint still needs a region to sign requests; local emulators accept any.
            config.AuthenticationRegion = region ?? "us-east-1";
            endpoint = serviceUrl;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            endpoint = $"AWS SSM ({region})";
        }
        else
        {
            endpoint = "AWS SSM (region from the AWS profile)";
        }

        AmazonSimpleSystemsManagementClient client;
        try
        {
            client = settings.Credentials is null
                ? new AmazonSimpleSystemsManagementClient(config)
                : new AmazonSimpleSystemsManagementClient(settings.Credentials, config);
        }
        catch (AmazonClientException ex)
        {
            throw new ParameterStoreException(
                $"Cannot configure the Parameter Store client: {ex.Message} Set AWS_REGION (or Karma:ParameterStore:Region) and AWS credentials, or use Karma:ParameterStore:Provider=local.",
                ex);
        }

        var retry = new ThrottlingRetry(SsmErrorTranslator.IsThrottle, settings.MaxThrottleAttempts);
        return new AwsParameterStore(client, endpoint, retry, logger, ownsClient: true);
    }

    public async Task<Parameter> GetAsync(string name, bool withDecryption, CancellationToken cancellationToken) =>
        await TryGetAsync(name, withDecryption, cancellationToken) ?? throw new Core.Ports.ParameterNotFoundException(name);

    public async Task<Parameter?> TryGetAsync(string name, bool withDecryption, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        try
        {
            var response = await CallAsync(
                ct => _client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = withDecryption }, ct),
                "GetParameter",
                name,
                cancellationToken);
            return ToParameter(response.Parameter, name);
        }
        catch (Core.Ports.ParameterNotFoundException)
        {
            return null;
        }
    }

    public async Task<Parameter> GetVersionAsync(string name, long version, bool withDecryption, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var selector = $"{name}:{version}";
        try
        {
            var response = await CallAsync(
                ct => _client.GetParameterAsync(new GetParameterRequest { Name = selector, WithDecryption = withDecryption }, ct),
                "GetParameter",
                selector,
                cancellationToken);
            return ToParameter(response.Parameter, name);
        }
        catch (Core.Ports.ParameterNotFoundException)
        {
            throw new Core.Ports.ParameterNotFoundException(selector);
        }
    }

    public async Task<IReadOnlyList<Parameter>> GetByPathAsync(string path, bool withDecryption, CancellationToken cancellationToken)
    {
        var normalized = ParameterNameRules.NormalizePath(path);
        var results = new List<Parameter>();
        string? nextToken = null;
        var pages = 0;
        do
        {
            var request = new GetParametersByPathRequest
            {
                Path = normalized,
                Recursive = true,
                WithDecryption = withDecryption,
                MaxResults = PageSize,
                NextToken = nextToken,
            };
            var response = await CallAsync(ct => _client.GetParametersByPathAsync(request, ct), "GetParametersByPath", normalized, cancellationToken);
            // SDK v4 leaves absent collections null; a page may be empty yet carry a NextToken.
            foreach (var parameter in response.Parameters ?? [])
            {
                results.Add(ToParameter(parameter, parameter.Name));
            }

            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
            pages++;
        }
        while (nextToken is not null);

        LogByPath(normalized, results.Count, pages);
        results.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return results;
    }

    public async Task<ParameterBatch> GetManyAsync(IEnumerable<string> names, bool withDecryption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        distinct.ForEach(ParameterNameRules.ValidateName);
        var found = new List<Parameter>();
        var missing = new List<string>();
        foreach (var chunk in distinct.Chunk(PageSize))
        {
            var request = new GetParametersRequest { Names = [.. chunk], WithDecryption = withDecryption };
            var response = await CallAsync(ct => _client.GetParametersAsync(request, ct), "GetParameters", null, cancellationToken);
            found.AddRange((response.Parameters ?? []).Select(p => ToParameter(p, p.Name)));
            missing.AddRange(response.InvalidParameters ?? []);
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        missing.Sort(StringComparer.Ordinal);
        return new ParameterBatch(found, missing);
    }

    public async Task<long> PutAsync(ParameterWrite write, CancellationToken cancellationToken)
    {
        var tier = ParameterWriteRules.Validate(write);
        var request = new PutParameterRequest
        {
            Name = write.Name,
            Value = write.Value,
            Type = SsmParameterTypes.ToWire(write.Type),
            Overwrite = write.Overwrite,
            Tier = tier,
        };
        var secret = write.Type == ParameterType.SecureString ? write.Value : null;
        var response = await CallAsync(ct => _client.PutParameterAsync(request, ct), "PutParameter", write.Name, cancellationToken, secret);
        LogPut(write.Name, write.Type, response.Version ?? 0);
        return response.Version ?? throw new ParameterStoreException($"Parameter Store accepted '{write.Name}' but returned no version.");
    }

    public async Task<string?> GetTierAsync(string name, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        var request = new DescribeParametersRequest
        {
            ParameterFilters = [new ParameterStringFilter { Key = "Name", Option = "Equals", Values = [name] }],
        };
        var response = await CallAsync(ct => _client.DescribeParametersAsync(request, ct), "DescribeParameters", name, cancellationToken);
        return (response.Parameters ?? []).FirstOrDefault(p => p.Name == name)?.Tier?.Value;
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ParameterNameRules.ValidateName(name);
        try
        {
            await CallAsync(ct => _client.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, ct), "DeleteParameter", name, cancellationToken);
        }
        catch (Core.Ports.ParameterNotFoundException)
        {
            // Already gone: the outcome the caller wants.
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<T> CallAsync<T>(
        Func<CancellationToken, Task<T>> call,
        string operation,
        string? name,
        CancellationToken cancellationToken,
        string? secretValue = null)
    {
        try
        {
            return await _retry.ExecuteAsync(call, cancellationToken);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException)
        {
            throw SsmErrorTranslator.Translate(ex, operation, name, Endpoint, secretValue);
        }
    }

    private static Parameter ToParameter(Amazon.SimpleSystemsManagement.Model.Parameter p, string requestedName) =>
        new(
            // A selector read ('name:3') may echo the selector back; callers asked for the plain name.
            StripSelector(p.Name ?? requestedName),
            SsmParameterTypes.FromWire(p.Type?.Value),
            p.Value ?? string.Empty,
            p.Version ?? 0,
            p.LastModifiedDate is { } modified ? new DateTimeOffset(ToUtc(modified)) : DateTimeOffset.MinValue);

    private static DateTime ToUtc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();

    private static string StripSelector(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Count} parameters below {Path} in {Pages} pages")]
    private partial void LogByPath(string path, int count, int pages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Name} ({Type}) version {Version}")]
    private partial void LogPut(string name, ParameterType type, long version);
}
