output "cluster_arn" {
  value = terraform_data.cluster.output.arn
}

output "cluster_name" {
  value = terraform_data.cluster.output.name
}

output "capacity_providers" {
  value = terraform_data.cluster.output.capacity_providers
}

output "vpc_id" {
  value = terraform_data.cluster.output.vpc_id
}
