namespace Karma.Activities.Tests.Terraform;

/// <summary>Small modules written for one test each (sensitive values, slow applies), laid out as components/&lt;type&gt;/.</summary>
internal static class TestModules
{
    public const string Secret = "s3cr3t-Hunter2-do-not-leak";

    public const string SensitiveModule = """
        variable "nickname" {
          type = string
        }

        variable "config" {
          type = any
        }

        variable "db_password" {
          type      = string
          sensitive = true
        }

        resource "terraform_data" "database" {
          input = {
            name     = "${var.nickname}-${var.config.engine}"
            password = var.db_password
          }
        }

        output "endpoint" {
          value = "${terraform_data.database.output.name}.db.internal"
        }

        output "connection_string" {
          value     = "postgres://admin:${var.db_password}@${terraform_data.database.output.name}.db.internal/app"
          sensitive = true
        }
        """;

    // The provisioner keeps apply busy long enough to be interrupted; terraform stops it on SIGINT.
    public const string SlowModule = """
        variable "config" {
          type = any
        }

        resource "terraform_data" "slow" {
          input = var.config.seconds

          provisioner "local-exec" {
            command = "echo started-slow-step && sleep ${var.config.seconds}"
          }
        }
        """;

    /// <summary>Writes <paramref name="mainTf"/> as components/<paramref name="type"/>/main.tf under <paramref name="root"/>.</summary>
    public static string Write(string root, string type, string mainTf)
    {
        var directory = Path.Combine(root, "components", type);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "main.tf"), mainTf);
        return root;
    }
}
