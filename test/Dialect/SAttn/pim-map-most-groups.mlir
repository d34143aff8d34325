// RUN: pilot-opt %s --sattn-decompose --pim-map | FileCheck %s

// Decoding with one part (dense causal, 16 sequences x 12 heads, 4,096
// keys, d = 64) on pilot-hbm3's 1,024 bank groups: 192 instances fit 5
// groups each (960 groups), not 8, so the powers of two pim-map weighs stop
// at 4 (256 keys a bank); it weighs the most that fit too, 5 groups an
// instance (205 keys a bank), which the I/O model predicts faster.
// CHECK-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 192, heads_per_group = 1, bank_groups = 960, banks_per_group = 4, groups_per_instance = 5>
func.func @decode(%q: tensor<16x12x1x64xf16>, %k: tensor<16x12x4096x64xf16>, %v: tensor<16x12x4096x64xf16>) -> tensor<16x12x1x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, dense = true>} : tensor<16x12x1x64xf16>, tensor<16x12x4096x64xf16>, tensor<16x12x4096x64xf16> -> tensor<16x12x1x64xf16>
  return %0 : tensor<16x12x1x64xf16>
}
