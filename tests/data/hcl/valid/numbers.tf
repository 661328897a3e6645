# Numbers: the converter writes Go's exact decimal text (big.Float 'f' format).
locals {
  thousand      = 1e3
  upper_exp     = 1E+3
  half          = 0.5
  small         = 1.5e-7
  tenth         = 0.1
  one_point_oh  = 1.0
  hundred_e_m2  = 100e-2
  huge          = 1e25
  u64_max       = 18446744073709551615
  past_u64      = 18446744073709551616
  beyond_2_53   = 12345678901234567890
  neg_beyond    = -12345678901234567890
  i64_min       = -9223372036854775808
  leading_zeros = 007
  long_fraction = 3.14159265358979323846264338327950288
  zero          = 0
  neg_zero      = -0
  neg_exp       = -2.5e2
  neg_comment   = - /* sign */ 4
  in_list       = [1, -1, 1.50, 2e0]
  in_template   = "a${1e3}b${1.50}c${0.000}d${-1}"
  as_keys       = { 1e3 = "k", 0.10 = "t" }
  arithmetic    = 1 + 2
  index_neg     = { a[-1] = 1, a[1e0] = 2 }
}
