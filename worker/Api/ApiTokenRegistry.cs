using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Karma.Worker.Api;

/// <summary>
/// Resolves bearer tokens to callers. Only SHA-256 hashes are kept; a presented token is hashed and compared
/// against every entry in constant time, so neither the comparison nor the loop leaks how close a guess was.
/// </summary>
public sealed class ApiTokenRegistry
{
    private readonly (byte[] Hash, ApiCaller Caller)[] _entries;

    public ApiTokenRegistry(IEnumerable<ApiTokenSettings> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var entries = new List<(byte[], ApiCaller)>();
        var index = 0;
        foreach (var token in tokens)
        {
            var where = $"Karma:Api:Tokens:{index++}";
            if (string.IsNullOrWhiteSpace(token.Identity))
            {
                throw new ApiConfigurationException($"{where}:Identity is required.");
            }

            var unknown = token.Roles.Where(r => !ApiRoles.All.Contains(r)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ApiConfigurationException($"{where}:Roles has unknown role(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ApiRoles.All)}.");
            }

            entries.Add((HashOf(token, where), new ApiCaller(token.Identity, token.Roles.ToHashSet(StringComparer.Ordinal))));
        }

        _entries = [.. entries];
    }

    public int Count => _entries.Length;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static string HashHex(string token) => Convert.ToHexStringLower(Hash(token));

    /// <summary>The caller for an <c>Authorization</c> header value, or null when missing, malformed or unknown.</summary>
    public ApiCaller? Authenticate(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        var presented = Hash(token);
        ApiCaller? found = null;
        foreach (var (hash, caller) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                found ??= caller;
            }
        }

        return found;
    }

    private static byte[] HashOf(ApiTokenSettings token, string where)
    {
        if (!string.IsNullOrEmpty(token.TokenSha256))
        {
            if (token.TokenSha256.Length != 64 || !token.TokenSha256.All(char.IsAsciiHexDigit))
            {
                throw new ApiConfigurationException($"{where}:TokenSha256 must be 64 hex digits (SHA-256 of the token).");
            }

            return Convert.FromHexString(token.TokenSha256.ToLower(CultureInfo.InvariantCulture));
        }

        if (string.IsNullOrEmpty(token.Token))
        {
            throw new ApiConfigurationException($"{where} needs Token or TokenSha256.");
        }

        return Hash(token.Token);
    }
}

/// <summary>The API section of the configuration is unusable; the message names the key, never a token.</summary>
public sealed class ApiConfigurationException(string message) : Exception(message);
