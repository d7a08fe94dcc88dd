# An offline stand-in for an ECS service. Like the real Adage configs it names its cluster with the
# irregular `cluster_nickname` and its network with `vpc_nickname`.

locals {
  service_name  = try(var.config.service_name, var.nickname)
  desired_count = try(var.config.desired_count, 1)
  cluster_key   = "ecs-cluster/${var.config.cluster_nickname}"
  vpc_key       = "vpc/${var.config.vpc_nickname}"
  cluster       = try(var.upstream[local.cluster_key], null)
  vpc           = try(var.upstream[local.vpc_key], null)
}

resource "terraform_data" "service" {
  input = {
    arn           = "arn:aws:ecs:${var.region}:000000000000:service/${try(local.cluster.cluster_name, "unknown")}/${local.service_name}"
    name          = local.service_name
    cluster_arn   = try(local.cluster.cluster_arn, null)
    desired_count = local.desired_count
    image         = try(var.config.image, null)
    subnet_ids    = try(local.vpc.private_subnet_ids, [])
  }

  lifecycle {
    precondition {
      condition     = local.cluster != null && local.vpc != null
      error_message = "ecs-service ${var.nickname} needs the runtime outputs of ${local.cluster_key} and ${local.vpc_key} in var.upstream."
    }
  }
}
