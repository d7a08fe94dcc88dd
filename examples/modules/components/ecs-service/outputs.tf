output "service_arn" {
  value = terraform_data.service.output.arn
}

output "service_name" {
  value = terraform_data.service.output.name
}

output "cluster_arn" {
  value = terraform_data.service.output.cluster_arn
}

output "desired_count" {
  value = terraform_data.service.output.desired_count
}

output "subnet_ids" {
  value = terraform_data.service.output.subnet_ids
}
