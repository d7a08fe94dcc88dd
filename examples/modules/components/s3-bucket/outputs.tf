output "bucket_name" {
  value = terraform_data.bucket.output.name
}

output "bucket_arn" {
  value = terraform_data.bucket.output.arn
}
