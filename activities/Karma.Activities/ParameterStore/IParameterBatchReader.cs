using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>Reads many named parameters at once (SSM GetParameters, ten names per call).</summary>
public interface IParameterBatchReader
{
    Task<ParameterBatch> GetManyAsync(IEnumerable<string> names, bool withDecryption, CancellationToken cancellationToken);
}

/// <summary>The parameters found (ordered by name) and the requested names that do not exist.</summary>
public sealed record ParameterBatch(IReadOnlyList<Parameter> Found, IReadOnlyList<string> Missing);
