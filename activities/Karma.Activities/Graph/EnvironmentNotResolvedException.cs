namespace Karma.Activities.Graph;

/// <summary>No environment was given and the account's <c>&lt;prefix&gt;/environment</c> parameter does not exist.</summary>
public sealed class EnvironmentNotResolvedException(string parameterName)
    : Exception($"No environment given: pass --env (or set Karma:Environment), or create the parameter '{parameterName}' with a 'name' or 'environment' field.");
