// Keys cut over bank groups take one pim.cfg for each run of banks whose
// pieces follow one another in one interval of keys (docs/pim.md, select),
// not one a bank. The module of golden-split-keys-gqa.mlir, which simulates
// these placements against a float64 attention: 1,000 keys of d = 32, heads
// 0-3 dense, 4-7 streaming (4 sinks, a window of 64), shared by 4 query heads.
//
// The dense instance spans 128 groups, 512 banks, 2 keys each: banks 0-499
// hold the keys, [2 i, 2 i + 2) of the key-value head at 32,000 elements,
// and banks 500-511 none. The streaming instance's 68 keys over 64 banks,
// 2 each: banks 0-1 the 4 sinks, banks 2-33 the window's 64 keys from key
// 936, so that bank i's slice starts at key 936 + 2 (i - 2).
// RUN: pilot-opt %s --pilot-compile="schedule=pilot share-kv=on" | FileCheck %s

// CHECK:      pim.bank_class @groups_0_16
// CHECK-NOT:  pim.cfg "K"
// CHECK:      pim.cfg "K" rows(4, 1) elements 64 offset 32000 radices [64, 1, 1] strides [64, 32000, 64000] select [64, 0, 2]
// CHECK-NEXT: pim.cfg "K" rows(4, 1) elements 64 offset 61824 radices [64, 1, 1] strides [64, 32000, 64000] select [64, 2, 32]
// CHECK-NEXT: pim.cfg "V" rows(5, 1) elements 64 offset 32000 radices [64, 1, 1] strides [64, 32000, 64000] select [64, 0, 2]
// CHECK-NEXT: pim.cfg "V" rows(5, 1) elements 64 offset 61824 radices [64, 1, 1] strides [64, 32000, 64000] select [64, 2, 32]
// CHECK-NOT:  pim.cfg "{{[KV]}}"
// CHECK:      pim.bank_class @groups_16_144
// CHECK-NOT:  pim.cfg "K"
// CHECK:      pim.cfg "K" rows(4, 1) elements 64 offset 0 radices [512, 1, 1] strides [64, 32000, 64000] select [512, 0, 500]
// CHECK-NEXT: pim.cfg "V" rows(5, 1) elements 64 offset 0 radices [512, 1, 1] strides [64, 32000, 64000] select [512, 0, 500]
// CHECK-NOT:  pim.cfg "{{[KV]}}"

func.func @decode(%q: tensor<1x8x1x32xf16>, %k: tensor<1x2x1000x32xf16>, %v: tensor<1x2x1000x32xf16>) -> tensor<1x8x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x1x32xf16>, tensor<1x2x1000x32xf16>, tensor<1x2x1000x32xf16> -> tensor<1x8x1x32xf16>
  return %0 : tensor<1x8x1x32xf16>
}
