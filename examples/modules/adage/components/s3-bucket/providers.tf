terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # Configured at init (-backend-config), as Adage's Terragrunt root does; Karma passes Karma:Terraform:Backend:*.
  backend "s3" {}
}

locals {
  emulated = var.aws_endpoint_url != null
}

provider "aws" {
  region = var.region

  # Against an emulator (moto) there is no account to look up and no instance metadata to ask for credentials.
  skip_credentials_validation = local.emulated
  skip_requesting_account_id  = local.emulated
  skip_metadata_api_check     = local.emulated
  skip_region_validation      = local.emulated
  s3_use_path_style           = local.emulated

  endpoints {
    ec2 = var.aws_endpoint_url
    ecs = var.aws_endpoint_url
    s3  = var.aws_endpoint_url
    ssm = var.aws_endpoint_url
    sts = var.aws_endpoint_url
    iam = var.aws_endpoint_url
  }
}
