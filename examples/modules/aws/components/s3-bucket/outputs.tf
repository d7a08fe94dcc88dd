output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}

output "runtime_parameter" {
  value = aws_ssm_parameter.runtime.name
}
