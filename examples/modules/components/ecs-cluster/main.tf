# An offline stand-in for an ECS cluster placed in a VPC named by config.vpc_nickname.

locals {
  cluster_name       = try(var.config.cluster_name, var.nickname)
  capacity_providers = try(var.config.capacity_providers, ["FARGATE"])
  vpc_key            = "vpc/${var.config.vpc_nickname}"
  vpc                = try(var.upstream[local.vpc_key], null)
}

resource "terraform_data" "cluster" {
  input = {
    arn                = "arn:aws:ecs:${var.region}:000000000000:cluster/${local.cluster_name}"
    name               = local.cluster_name
    capacity_providers = local.capacity_providers
    vpc_id             = try(local.vpc.vpc_id, null)
  }

  lifecycle {
    precondition {
      condition     = local.vpc != null
      error_message = "ecs-cluster ${var.nickname} needs the runtime outputs of ${local.vpc_key} (config.vpc_nickname) in var.upstream."
    }
  }
}
