using System.Text.RegularExpressions;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Karma.Workflows.Hosting;

/// <summary>
/// Turns the SDK's connection errors (Rust debug text from its gRPC and TLS stack) into a sentence naming what was
/// refused and which setting governs it. The SDK's own text stays at the end, for whoever needs the detail.
/// </summary>
internal static partial class TemporalRefusal
{
    [GeneratedRegex("""code: (Unauthenticated|PermissionDenied), message: "(?<message>[^"]*)""")]
    private static partial Regex AuthStatus();

    public static string Explain(Exception error, TemporalClientConnectOptions options)
    {
        var detail = error.Message;
        var tls = options.Tls;
        var why = error switch
        {
            RpcException { Code: RpcException.StatusCode.Unauthenticated or RpcException.StatusCode.PermissionDenied } rpc =>
                $"the server refused the credentials: {rpc.Message} (Karma:Temporal:ApiKey / TEMPORAL_API_KEY)",
            _ when AuthStatus().Match(detail) is { Success: true } auth =>
                $"the server refused the credentials: {auth.Groups["message"].Value} (Karma:Temporal:ApiKey / TEMPORAL_API_KEY)",
            _ when detail.Contains("InvalidCertificate(NotValidForName", StringComparison.Ordinal) =>
                "the server certificate does not name this host: set Karma:Temporal:Tls:ServerName to a name it carries",
            _ when detail.Contains("InvalidCertificate", StringComparison.Ordinal) =>
                "the server certificate is not trusted: set Karma:Temporal:Tls:ServerCa to the CA that issued it",
            _ when tls is not null && detail.Contains("close_notify", StringComparison.Ordinal) && tls.ClientCert is null =>
                "the server closed the TLS handshake: it requires a client certificate (mTLS): set Karma:Temporal:Tls:ClientCert and ClientKey",
            _ when tls is not null && detail.Contains("close_notify", StringComparison.Ordinal) =>
                "the server closed the TLS handshake: it refused the client certificate (Karma:Temporal:Tls:ClientCert): is it issued by a CA the server trusts?",
            _ when tls is not null && (detail.Contains("InvalidContentType", StringComparison.Ordinal) || detail.Contains("CorruptMessage", StringComparison.Ordinal)) =>
                "the server did not answer the TLS handshake: if it serves plaintext, set Karma:Temporal:Tls:Disabled=true",
            _ when tls is null && (detail.Contains("BrokenPipe", StringComparison.Ordinal) || detail.Contains("ConnectionReset", StringComparison.Ordinal)) =>
                "the server closed a plaintext connection: if it serves TLS, set Karma:Temporal:Tls:ServerCa (or an API key), and no Tls:Disabled",
            _ when detail.Contains("ConnectionRefused", StringComparison.Ordinal) || detail.Contains("Connection refused", StringComparison.Ordinal) =>
                "nothing accepts connections there (connection refused)",
            _ => null,
        };
        return why is null ? detail : $"{why}. ({detail})";
    }
}
