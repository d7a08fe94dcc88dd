# An offline stand-in for an S3 bucket.

locals {
  bucket_name = var.config.bucket_name
}

resource "terraform_data" "bucket" {
  input = {
    name                = local.bucket_name
    arn                 = "arn:aws:s3:::${local.bucket_name}"
    versioning          = try(var.config.versioning, false)
    force_destroy       = try(var.config.force_destroy, false)
    sse_algorithm       = try(var.config.enable_encryption, false) ? try(var.config.sse_algorithm, "AES256") : null
    block_public_access = try(var.config.block_public_access, true)
  }
  # A bucket cannot be renamed: a new name is a new bucket.
  triggers_replace = [local.bucket_name]
}
