# The Karma component interface: nickname, region and config (Karma's variables), plus the emulator endpoint.

variable "nickname" {
  description = "Instance nickname."
  type        = string
}

variable "config" {
  description = "The component's config (bucket_name, versioning, force_destroy)."
  type        = any
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
