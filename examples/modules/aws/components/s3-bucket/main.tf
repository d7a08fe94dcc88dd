# An Adage-style component: config from <prefix>/<type>/<nickname>/config, runtime written back to
# <prefix>/<type>/<nickname>/runtime.

data "aws_ssm_parameter" "config" {
  name = "${var.iac_prefix}/${var.component_name}/${var.nickname}/config"
}

locals {
  # .value is sensitive in aws provider 5.x; the config is not secret, so read insecure_value.
  config = jsondecode(data.aws_ssm_parameter.config.insecure_value)
}

resource "aws_s3_bucket" "this" {
  bucket        = local.config.bucket_name
  force_destroy = try(local.config.force_destroy, false)
}

resource "aws_s3_bucket_versioning" "this" {
  count  = try(local.config.versioning, false) ? 1 : 0
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_ssm_parameter" "runtime" {
  name      = "${var.iac_prefix}/${var.component_name}/${var.nickname}/runtime"
  type      = "String"
  overwrite = true
  value = jsonencode({
    bucket_name = aws_s3_bucket.this.bucket
    bucket_arn  = aws_s3_bucket.this.arn
  })
}
