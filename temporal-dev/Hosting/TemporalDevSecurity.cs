using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Karma.TemporalDev.Hosting;

/// <summary>
/// TLS, optionally mutual, on the gRPC listener: lets the SDK's TLS and mTLS settings be exercised against this server
/// the way they are used against a secured cluster.
/// </summary>
internal static class TemporalDevSecurity
{
    public static void Validate(TemporalDevServerOptions options)
    {
        if ((options.TlsCertPath is null) != (options.TlsKeyPath is null))
        {
            throw new ArgumentException("A TLS certificate needs its key: set both the certificate and the key.", nameof(options));
        }

        if (options.TlsClientCaPath is not null && options.TlsCertPath is null)
        {
            throw new ArgumentException("Client certificates (mTLS) need the server to serve TLS: set the certificate and key too.", nameof(options));
        }

        if (options.ApiKey is { Length: 0 })
        {
            throw new ArgumentException("The API key cannot be empty.", nameof(options));
        }
    }

    public static void UseTls(ListenOptions listen, TemporalDevServerOptions options)
    {
        if (options.TlsCertPath is null || options.TlsKeyPath is null)
        {
            return;
        }

        var https = new HttpsConnectionAdapterOptions { ServerCertificate = X509Certificate2.CreateFromPemFile(options.TlsCertPath, options.TlsKeyPath) };
        if (options.TlsClientCaPath is { } caPath)
        {
            var clientCa = X509CertificateLoader.LoadCertificateFromFile(caPath);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(clientCa, certificate);
        }

        listen.UseHttps(https);
    }

    // Trust exactly the configured CA, not the machine's roots: a certificate from any other issuer is refused.
    private static bool IssuedBy(X509Certificate2 ca, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
