# An offline stand-in for a VPC: terraform_data resources whose ids are hashes of the nickname and the
# config values that would force a new real resource.

locals {
  cidr       = var.config.cidr_block
  azs        = try(var.config.azs, ["${var.region}a", "${var.region}b"])
  enable_nat = try(var.config.enable_nat_gateway, false)
  vpc_hash   = sha256("${var.nickname}:${local.cidr}")
}

resource "terraform_data" "vpc" {
  input = {
    id   = "vpc-${substr(local.vpc_hash, 0, 17)}"
    cidr = local.cidr
  }
  # A real VPC's CIDR cannot change in place: changing it replaces the VPC.
  triggers_replace = [local.cidr]
}

resource "terraform_data" "public_subnet" {
  count = length(local.azs)
  input = {
    id   = "subnet-${substr(sha256("${local.vpc_hash}:public:${local.azs[count.index]}"), 0, 17)}"
    az   = local.azs[count.index]
    cidr = cidrsubnet(local.cidr, 8, count.index)
  }
}

resource "terraform_data" "private_subnet" {
  count = length(local.azs)
  input = {
    id   = "subnet-${substr(sha256("${local.vpc_hash}:private:${local.azs[count.index]}"), 0, 17)}"
    az   = local.azs[count.index]
    cidr = cidrsubnet(local.cidr, 8, 100 + count.index)
  }
}

resource "terraform_data" "nat_gateway" {
  count = local.enable_nat ? 1 : 0
  input = {
    id = "nat-${substr(sha256("${local.vpc_hash}:nat"), 0, 17)}"
  }
}

resource "terraform_data" "default_sg" {
  input = {
    id = "sg-${substr(sha256("${local.vpc_hash}:default-sg"), 0, 17)}"
  }
}
