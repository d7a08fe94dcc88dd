namespace Karma.Core.Ports;

/// <summary>
/// The subset of AWS SSM Parameter Store semantics Karma relies on. Both the AWS implementation and the
/// embedded local store honour the same rules: hierarchical '/'-separated names, a version per write,
/// overwrite refused unless asked for, and <see cref="ParameterNotFoundException"/> for missing names.
/// </summary>
public interface IParameterStore
{
    /// <summary>Reads one parameter. SecureString values are decrypted only when <paramref name="withDecryption"/> is true.</summary>
    Task<Parameter> GetAsync(string name, bool withDecryption, CancellationToken cancellationToken);

    /// <summary>Reads one parameter, or null when it does not exist.</summary>
    Task<Parameter?> TryGetAsync(string name, bool withDecryption, CancellationToken cancellationToken);

    /// <summary>Every parameter below <paramref name="path"/> (recursively), all pages.</summary>
    Task<IReadOnlyList<Parameter>> GetByPathAsync(string path, bool withDecryption, CancellationToken cancellationToken);

    /// <summary>Writes a value and returns the new version. Throws <see cref="ParameterAlreadyExistsException"/> when it exists and overwrite is false.</summary>
    Task<long> PutAsync(ParameterWrite write, CancellationToken cancellationToken);

    /// <summary>Reads one earlier version (selector <c>name:version</c>).</summary>
    Task<Parameter> GetVersionAsync(string name, long version, bool withDecryption, CancellationToken cancellationToken);

    /// <summary>The tier of the current version (Standard, Advanced), or null when the parameter does not exist.</summary>
    Task<string?> GetTierAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes the parameter with all its versions; deleting a missing parameter is not an error.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>SSM's parameter types; <see cref="Text"/> is SSM's <c>String</c>.</summary>
public enum ParameterType
{
    Text,
    StringList,
    SecureString,
}

/// <summary>A parameter value. <see cref="ToString"/> never prints a SecureString's value.</summary>
public sealed record Parameter(string Name, ParameterType Type, string Value, long Version, DateTimeOffset LastModified)
{
    public bool IsSecure => Type == ParameterType.SecureString;

    public override string ToString() =>
        $"{Name} ({Type}, v{Version}) = {(IsSecure ? "****" : Value)}";
}

public sealed record ParameterWrite(string Name, string Value, ParameterType Type = ParameterType.Text, bool Overwrite = false, string Tier = "Standard")
{
    public override string ToString() =>
        $"{Name} ({Type}, overwrite={Overwrite}) = {(Type == ParameterType.SecureString ? "****" : Value)}";
}

public class ParameterStoreException : Exception
{
    public ParameterStoreException(string message)
        : base(message)
    {
    }

    public ParameterStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed class ParameterNotFoundException(string name)
    : ParameterStoreException($"Parameter '{name}' was not found.")
{
    public string Name { get; } = name;
}

public sealed class ParameterAlreadyExistsException(string name)
    : ParameterStoreException($"Parameter '{name}' already exists; write it with overwrite to replace it.")
{
    public string Name { get; } = name;
}
