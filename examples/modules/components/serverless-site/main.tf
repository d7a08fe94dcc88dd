# An offline stand-in for the Adage serverless-site (S3 content bucket + CloudFront + optional domain).

locals {
  content_bucket_prefix = var.config.content_bucket_prefix
  aliases               = try(var.config.domain_aliases, [])
  custom_domain_enabled = try(var.config.enable_custom_domain, false) && length(local.aliases) > 0
  site_hash             = sha256("${var.nickname}:${local.content_bucket_prefix}")
  bucket                = try(var.upstream["s3-bucket/${var.config.s3_bucket_nickname}"], null)
  zone                  = try(var.upstream["route53-zone/${var.config.route53_zone_nickname}"], null)
}

resource "terraform_data" "content_bucket" {
  input = {
    name = coalesce(try(local.bucket.bucket_name, null), "${local.content_bucket_prefix}-${substr(local.site_hash, 0, 8)}")
  }
}

resource "terraform_data" "distribution" {
  input = {
    id             = "E${upper(substr(local.site_hash, 0, 13))}"
    domain         = "d${substr(local.site_hash, 13, 13)}.cloudfront.net"
    comment        = try(var.config.cloudfront_comment, null)
    index_document = try(var.config.index_document, "index.html")
    error_document = try(var.config.error_document, "404.html")
    aliases        = local.custom_domain_enabled ? local.aliases : []
    origin         = terraform_data.content_bucket.output.name
  }
}

resource "terraform_data" "dns_record" {
  count = local.custom_domain_enabled ? length(local.aliases) : 0
  input = {
    name    = local.aliases[count.index]
    zone_id = try(local.zone.zone_id, null)
    target  = terraform_data.distribution.output.domain
  }
}
