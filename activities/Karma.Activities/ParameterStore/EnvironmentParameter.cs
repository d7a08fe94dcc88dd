using System.Text.Json;
using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>
/// The account's <c>&lt;prefix&gt;/environment</c> parameter, e.g.
/// <c>{"name":"usekarma-dev-prod","environment":"prod","config_repo":"…","config_branch":"main","allow_drift":true}</c>.
/// </summary>
public sealed record EnvironmentParameter(
    string Name,
    string Environment,
    string? ConfigRepo,
    string? ConfigBranch,
    string? IacRepo,
    string? IacBranch,
    bool AllowDrift,
    string RawJson)
{
    /// <summary>Parses the parameter's JSON. <c>name</c> and <c>environment</c> each default to the other; one is required.</summary>
    public static EnvironmentParameter Parse(string parameterName, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ParameterStoreException($"Parameter '{parameterName}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ParameterStoreException($"Parameter '{parameterName}' must be a JSON object with 'name' and 'environment' fields.");
            }

            var name = Text(root, "name", parameterName);
            var environment = Text(root, "environment", parameterName);
            if (name is null && environment is null)
            {
                throw new ParameterStoreException($"Parameter '{parameterName}' has neither a 'name' nor an 'environment' field.");
            }

            var allowDrift = root.TryGetProperty("allow_drift", out var drift) && drift.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                JsonValueKind.String when bool.TryParse(drift.GetString(), out var parsed) => parsed,
                _ => throw new ParameterStoreException($"Parameter '{parameterName}' field 'allow_drift' must be true or false."),
            };

            return new EnvironmentParameter(
                name ?? environment!,
                environment ?? name!,
                Text(root, "config_repo", parameterName),
                Text(root, "config_branch", parameterName),
                Text(root, "iac_repo", parameterName),
                Text(root, "iac_branch", parameterName),
                allowDrift,
                json);
        }
    }

    private static string? Text(JsonElement root, string field, string parameterName)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ParameterStoreException($"Parameter '{parameterName}' field '{field}' must be a string.");
    }
}
