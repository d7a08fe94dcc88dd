# The runtime Karma publishes and dependents read.

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}

output "settings_parameter" {
  value = aws_ssm_parameter.settings.name
}
