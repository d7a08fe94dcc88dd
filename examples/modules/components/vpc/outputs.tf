output "vpc_id" {
  value = terraform_data.vpc.output.id
}

output "vpc_cidr" {
  value = terraform_data.vpc.output.cidr
}

output "public_subnet_ids" {
  value = terraform_data.public_subnet[*].output.id
}

output "private_subnet_ids" {
  value = terraform_data.private_subnet[*].output.id
}

output "default_sg_id" {
  value = terraform_data.default_sg.output.id
}

output "has_nat" {
  value = length(terraform_data.nat_gateway) > 0
}
