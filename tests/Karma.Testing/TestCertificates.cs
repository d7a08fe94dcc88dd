using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Karma.Testing;

/// <summary>
/// A throw-away PKI written as PEM files: a CA, a server certificate for localhost / 127.0.0.1 and a client
/// certificate it issued, plus a second CA with its own client certificate (one the server must refuse).
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaCert => Path.Combine(Folder, "ca.pem");

    public string ServerCert => Path.Combine(Folder, "server.pem");

    public string ServerKey => Path.Combine(Folder, "server-key.pem");

    public string ClientCert => Path.Combine(Folder, "client.pem");

    public string ClientKey => Path.Combine(Folder, "client-key.pem");

    /// <summary>A CA the server does not trust, and a client certificate it issued.</summary>
    public string RogueCaCert => Path.Combine(Folder, "rogue-ca.pem");

    public string RogueClientCert => Path.Combine(Folder, "rogue-client.pem");

    public string RogueClientKey => Path.Combine(Folder, "rogue-client-key.pem");

    public static TestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var pki = new TestCertificates(folder);
        using var ca = CreateCa("Karma Test CA");
        using var rogueCa = CreateCa("Rogue CA");
        Write(pki.CaCert, null, ca, null);
        Write(pki.RogueCaCert, null, rogueCa, null);
        IssueLeaf(ca, "localhost", server: true, pki.ServerCert, pki.ServerKey);
        IssueLeaf(ca, "karma-worker", server: false, pki.ClientCert, pki.ClientKey);
        IssueLeaf(rogueCa, "intruder", server: false, pki.RogueClientCert, pki.RogueClientKey);
        return pki;
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // The CA outlives its leaves by a day: a leaf may not end after its issuer, and both read the clock.
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(31));
    }

    private static void IssueLeaf(X509Certificate2 ca, string name, bool server, string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        if (server)
        {
            names.AddIpAddress(System.Net.IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        Write(certPath, keyPath, leaf, key);
    }

    private static void Write(string certPath, string? keyPath, X509Certificate2 certificate, ECDsa? key)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        if (keyPath is not null && key is not null)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }
}
