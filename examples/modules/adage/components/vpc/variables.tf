# The Adage component interface: no config variable. The module reads its config from
# ${iac_prefix}/${component_name}/${nickname}/config and writes its own runtime parameter.

variable "component_name" {
  description = "Component type."
  type        = string
  default     = "vpc"
}

variable "nickname" {
  description = "Instance nickname."
  type        = string
}

variable "iac_prefix" {
  description = "Parameter Store prefix of config and runtime parameters."
  type        = string
  default     = "/iac"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint_url" {
  description = "One endpoint for every AWS service (an emulator such as moto); null means real AWS. Set it with TF_VAR_aws_endpoint_url."
  type        = string
  default     = null
}
