# A Karma-style component on real AWS: config arrives as var.config, runtime leaves as outputs (Karma publishes
# them to <prefix>/<type>/<nickname>/runtime). It creates the application's bucket and an SSM parameter that
# tells the application where its files are.

locals {
  bucket_name = var.config.bucket_name
  # The parameter lives outside Karma's <prefix>/… tree: it belongs to the application, not to Karma.
  settings_parameter = "/apps/${var.nickname}/bucket"
}

resource "aws_s3_bucket" "this" {
  bucket        = local.bucket_name
  force_destroy = try(var.config.force_destroy, false)
}

resource "aws_s3_bucket_versioning" "this" {
  count  = try(var.config.versioning, false) ? 1 : 0
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_ssm_parameter" "settings" {
  name  = local.settings_parameter
  type  = "String"
  value = aws_s3_bucket.this.bucket
}
