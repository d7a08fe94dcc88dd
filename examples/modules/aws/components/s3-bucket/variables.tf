# The Adage component interface: the module reads its own config from Parameter Store.

variable "component_name" {
  description = "Component type (s3-bucket)."
  type        = string
  default     = "s3-bucket"
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
  description = "One endpoint for every AWS service (an emulator such as moto); null means real AWS."
  type        = string
  default     = null
}
