resource "a" "b" {}
resource {}
