output "zone_id" {
  value = terraform_data.zone.output.id
}

output "zone_arn" {
  value = terraform_data.zone.output.arn
}

output "name_servers" {
  value = terraform_data.zone.output.name_servers
}
