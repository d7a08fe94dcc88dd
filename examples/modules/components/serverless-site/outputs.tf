output "content_bucket_prefix" {
  value = local.content_bucket_prefix
}

output "cloudfront_distribution_id" {
  value = terraform_data.distribution.output.id
}

output "cloudfront_distribution_domain" {
  value = terraform_data.distribution.output.domain
}

output "custom_domain" {
  value = local.custom_domain_enabled ? local.aliases[0] : null
}
