output "function_arns" {
  value = { for name, fn in terraform_data.function : name => fn.output.arn }
}

output "function_names" {
  value = sort(keys(terraform_data.function))
}

output "function_subnet_ids" {
  value = { for name, fn in terraform_data.function : name => fn.output.subnet_ids }
}
