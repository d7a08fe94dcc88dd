using System.Text.Json.Nodes;
using Karma.Core.Secrets;

namespace Karma.Core.Tests.Secrets;

/// <summary>Karma's one redaction rule, as the audit trail, Slack, log lines and the API apply it.</summary>
public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("db_password")]
    [InlineData("Karma:Slack:BotToken")]
    [InlineData("client_secret")]
    [InlineData("tls.private_key")]
    [InlineData("stripe_api_key")]
    [InlineData("aws_credentials")]
    public void Keys_naming_a_secret_are_secret(string key) => Assert.True(SecretRedactor.IsSecretKey(key));

    [Theory]
    [InlineData("bucket_name")]
    [InlineData("vpc_nickname")]
    [InlineData("versioning")]
    public void Ordinary_keys_are_not(string key) => Assert.False(SecretRedactor.IsSecretKey(key));

    [Fact]
    public void A_config_keeps_its_shape_and_loses_its_secrets_at_any_depth()
    {
        var config = JsonNode.Parse("""
            {"bucket_name":"assets","db_password":"hunter2-pw","db":{"admin":{"token":"t0k3n-value","port":5432}},
             "secrets":{"a":"x1x1x1","b":[1,2]},"notes":"uses xoxb-1234567890-abcdefghij and AKIAABCDEFGHIJKLMNOP"}
            """);

        var redacted = SecretRedactor.Default.RedactJson(config)!.ToJsonString();

        Assert.Equal(
            """{"bucket_name":"assets","db_password":"(sensitive value)","db":{"admin":{"token":"(sensitive value)","port":5432}},"secrets":"(sensitive value)","notes":"uses (sensitive value) and (sensitive value)"}""",
            redacted);
        Assert.Contains("hunter2-pw", config!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Known_values_credential_shapes_assignments_and_url_passwords_are_masked_in_text()
    {
        var redactor = SecretRedactor.ForJson("""{"db":{"password":"correct-horse"}}""");

        Assert.Equal("pw is (sensitive value)!", redactor.RedactText("pw is correct-horse!"));
        Assert.Equal("db_password = (sensitive value)", redactor.RedactText("db_password = \"p@ss\""));
        Assert.Equal("\"api_key\": (sensitive value)", redactor.RedactText("\"api_key\": \"abc\""));
        Assert.Equal("https://bot:(sensitive value)@git.example/repo.git", redactor.RedactText("https://bot:ghs-pat-1234@git.example/repo.git"));
        Assert.Equal("gh (sensitive value)", redactor.RedactText("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789"));
        Assert.Equal("slack (sensitive value) (sensitive value)", redactor.RedactText("slack xapp-1-A0123456789 xoxe-1234567890-x"));
        Assert.Equal("key (sensitive value)", redactor.RedactText("key -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"));
        Assert.Equal("  + password = (sensitive value)", redactor.RedactText("  + password = (sensitive value)"));
        Assert.Equal("  + token_id = (known after apply)", redactor.RedactText("  + token_id = (known after apply)"));
    }

    [Fact]
    public void Short_values_are_not_treated_as_secrets()
    {
        var redactor = SecretRedactor.ForJson("""{"password":"yes","token":true}""");

        Assert.Equal("yes, it is true", redactor.RedactText("yes, it is true"));
    }

    [Fact]
    public void Detection_finds_known_values_and_credential_shapes_but_not_the_mask()
    {
        var redactor = new SecretRedactor(["hunter2-secret"]);

        Assert.True(redactor.ContainsSecret("see hunter2-secret"));
        Assert.True(redactor.ContainsSecret(JsonNode.Parse("""{"a":["AKIAABCDEFGHIJKLMNOP"]}""")));
        Assert.False(redactor.ContainsSecret(redactor.RedactText("see hunter2-secret and https://u:p4ss@h/x")));
    }
}
