// RUN: pilot-opt %s --pim-schedule -split-input-file -verify-diagnostics

// pim-schedule orders the loops of tiled parts: a mapped part without its
// tiles says which pass to run first.
func.func @untiled(%arg0: tensor<1x1x8x16xf16>, %arg1: tensor<1x1x8x16xf16>, %arg2: tensor<1x1x8x16xf16>) -> tensor<1x1x8x16xf16> {
  // expected-error @+1 {{'sattn.sddmm' op has no pim.tiles; run --pim-tile first}}
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [1, 1]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, scale = 2.500000e-01 : f64} : tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x8xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [1, 1]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>} : tensor<1x1x8x8xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [1, 1]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>} : tensor<1x1x8x8xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x16xf16>
  return %2 : tensor<1x1x8x16xf16>
}
