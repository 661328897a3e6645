/* Comments and layout in odd places. */
resource /* type */ "aws_s3_bucket" /* name */ "a" { # after brace
  # leading comment
  bucket = "a" /* trailing block comment */

  // slash comment
  tags = {
    # comment in object
    a = "1" # after value
    /* before key */ b = "2"
  }
} # after block

resource "with space" "quoted \"label\"" {}

resource "ünïcode" "ラベル" {
  name = "ラベル"
}

block_and_argument {
  inner = 1
}

block_and_argument = "the argument replaces the block"

locals {
	tabbed = "tabs for indentation"
	list = [
		1,
		2,
	]
}

locals {}
