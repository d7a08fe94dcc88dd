# A container cluster placed in a VPC of the vpc component. Config: vpc_nickname, cluster_name (optional), tags.
# It reads the VPC's runtime parameter itself; its runtime repeats the network it runs in for its own consumers.

data "aws_ssm_parameter" "config" {
  name = "${var.iac_prefix}/${var.component_name}/${var.nickname}/config"
}

data "aws_ssm_parameter" "vpc_runtime" {
  name = "${var.iac_prefix}/vpc/${local.config.vpc_nickname}/runtime"
}

locals {
  config       = jsondecode(data.aws_ssm_parameter.config.insecure_value)
  vpc          = jsondecode(data.aws_ssm_parameter.vpc_runtime.insecure_value)
  cluster_name = try(local.config.cluster_name, "ecs-${var.nickname}")
  runtime_path = "${var.iac_prefix}/${var.component_name}/${var.nickname}/runtime"
}

resource "aws_ecs_cluster" "this" {
  name = local.cluster_name
  tags = merge(try(local.config.tags, {}), { VpcId = local.vpc.vpc_id, VpcCidr = local.vpc.vpc_cidr })
}

resource "aws_ssm_parameter" "runtime" {
  name      = local.runtime_path
  type      = "String"
  overwrite = true
  value = jsonencode({
    cluster_arn  = aws_ecs_cluster.this.arn
    cluster_name = aws_ecs_cluster.this.name
    vpc_id       = local.vpc.vpc_id
    vpc_cidr     = local.vpc.vpc_cidr
  })
}
