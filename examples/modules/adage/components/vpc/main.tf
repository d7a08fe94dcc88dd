# A network: one VPC and a private subnet per listed availability zone. Config: cidr_block, private_subnets
# ([{cidr, az}]), tags. Runtime: vpc_id, vpc_cidr, private_subnet_ids.

data "aws_ssm_parameter" "config" {
  name = "${var.iac_prefix}/${var.component_name}/${var.nickname}/config"
}

locals {
  # .value is sensitive in aws provider 5.x; a config holds no secrets, so insecure_value is read.
  config       = jsondecode(data.aws_ssm_parameter.config.insecure_value)
  runtime_path = "${var.iac_prefix}/${var.component_name}/${var.nickname}/runtime"
  tags         = merge(try(local.config.tags, {}), { Component = "${var.component_name}/${var.nickname}" })
}

resource "aws_vpc" "this" {
  cidr_block = local.config.cidr_block
  tags       = merge(local.tags, { Name = var.nickname })
}

resource "aws_subnet" "private" {
  for_each          = { for subnet in try(local.config.private_subnets, []) : subnet.cidr => subnet }
  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value.cidr
  availability_zone = each.value.az
  tags              = local.tags
}

resource "aws_ssm_parameter" "runtime" {
  name      = local.runtime_path
  type      = "String"
  overwrite = true
  value = jsonencode({
    vpc_id             = aws_vpc.this.id
    vpc_cidr           = aws_vpc.this.cidr_block
    private_subnet_ids = [for subnet in aws_subnet.private : subnet.id]
  })
}
