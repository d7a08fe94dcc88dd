using System.Text;
using Karma.Gremlin.Auth;

namespace Karma.Gremlin.Tests.Auth;

public sealed class SigV4SignerTests
{
    private static readonly AwsSigningCredentials SuiteCredentials = new(AwsSigV4TestSuite.AccessKey, AwsSigV4TestSuite.SecretKey);

    [Theory]
    [MemberData(nameof(AwsSigV4TestSuite.Cases), MemberType = typeof(AwsSigV4TestSuite))]
    public void Signs_like_the_AWS_test_suite(
        string name, string method, string pathAndQuery, string[] headerLines, string body, bool withToken, string signedHeaders, string signature)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com") };
        headers.AddRange(headerLines.Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..])));
        var credentials = withToken ? SuiteCredentials with { SessionToken = AwsSigV4TestSuite.SessionToken } : SuiteCredentials;

        var result = SigV4Signer.Sign(
            new SigV4Request(method, new Uri("https://example.amazonaws.com" + pathAndQuery), headers, Encoding.UTF8.GetBytes(body)),
            credentials,
            AwsSigV4TestSuite.Region,
            AwsSigV4TestSuite.Service,
            AwsSigV4TestSuite.SigningTime);

        Assert.True(
            result.Authorization == $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
            $"{name}: got {result.Authorization}\ncanonical request:\n{result.CanonicalRequest}");
    }

    [Fact]
    public void Get_vanilla_canonical_request_and_string_to_sign_match_the_suite()
    {
        var result = SigV4Signer.Sign(
            new SigV4Request("GET", new Uri("https://example.amazonaws.com/"), [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty),
            SuiteCredentials,
            AwsSigV4TestSuite.Region,
            AwsSigV4TestSuite.Service,
            AwsSigV4TestSuite.SigningTime);

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            result.StringToSign);
    }

    [Fact]
    public void Credentials_and_signatures_never_print_their_secrets()
    {
        var credentials = SuiteCredentials with { SessionToken = "token-value" };
        var signature = SigV4Signer.Sign(
            new SigV4Request("GET", new Uri("https://example.amazonaws.com/"), [], ReadOnlyMemory<byte>.Empty),
            credentials,
            "us-east-1",
            "neptune-db",
            AwsSigV4TestSuite.SigningTime);

        Assert.DoesNotContain(AwsSigV4TestSuite.SecretKey, credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", signature.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wss://db.cluster-x.us-east-1.neptune.amazonaws.com:8182/gremlin", "db.cluster-x.us-east-1.neptune.amazonaws.com:8182")]
    [InlineData("wss://db.example.com/gremlin", "db.example.com")]
    public void Host_header_carries_the_port_only_when_it_is_not_the_default(string endpoint, string host) =>
        Assert.Equal(host, SigV4Signer.HostHeader(new Uri(endpoint)));
}
