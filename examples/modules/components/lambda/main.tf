# An offline stand-in for a set of Lambda functions; each function may name its VPC (a nested reference,
# as in the real Adage lambda configs).

locals {
  functions = try(var.config.functions, {})
}

resource "terraform_data" "function" {
  for_each = local.functions
  input = {
    name        = each.key
    arn         = "arn:aws:lambda:${var.region}:000000000000:function:${each.key}"
    runtime     = try(each.value.runtime, "python3.12")
    handler     = try(each.value.handler, "main.handler")
    memory_size = try(each.value.memory_size, 128)
    timeout     = try(each.value.timeout, 3)
    subnet_ids  = try(var.upstream["vpc/${each.value.vpc_nickname}"].private_subnet_ids, [])
  }

  lifecycle {
    precondition {
      condition     = try(each.value.vpc_nickname, null) == null || can(var.upstream["vpc/${each.value.vpc_nickname}"])
      error_message = "lambda ${var.nickname}: function ${each.key} names vpc ${try(each.value.vpc_nickname, "")}, whose runtime outputs are not in var.upstream."
    }
  }
}
