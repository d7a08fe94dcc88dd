# The Adage component interface, plus the inputs Karma passes instead of reading Parameter Store.

variable "component_name" {
  description = "Component type, e.g. vpc."
  type        = string
}

variable "nickname" {
  description = "Instance nickname, e.g. main-vpc."
  type        = string
}

variable "iac_prefix" {
  description = "Parameter Store prefix of config and runtime parameters."
  type        = string
  default     = "/iac"
}

variable "region" {
  description = "AWS region the instance lives in."
  type        = string
  default     = "us-east-1"
}

variable "config" {
  description = "The component's config object (what <iac_prefix>/<type>/<nickname>/config holds)."
  type        = any
}

variable "upstream" {
  description = "Runtime outputs of the providers this component depends on, keyed by '<type>/<nickname>'."
  type        = any
  default     = {}
}
