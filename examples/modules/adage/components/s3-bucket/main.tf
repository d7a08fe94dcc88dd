# An application bucket. Config: bucket_name, versioning, force_destroy. Runtime: bucket_name, bucket_arn.

data "aws_ssm_parameter" "config" {
  name = "${var.iac_prefix}/${var.component_name}/${var.nickname}/config"
}

locals {
  config       = jsondecode(data.aws_ssm_parameter.config.insecure_value)
  runtime_path = "${var.iac_prefix}/${var.component_name}/${var.nickname}/runtime"
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
  name      = local.runtime_path
  type      = "String"
  overwrite = true
  value = jsonencode({
    bucket_name = aws_s3_bucket.this.bucket
    bucket_arn  = aws_s3_bucket.this.arn
  })
}
