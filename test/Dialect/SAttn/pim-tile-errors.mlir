// RUN: pilot-opt %s --pim-tile -split-input-file -verify-diagnostics

// pim-tile tiles what pim-map placed: a decomposed part without its
// mapping says which pass to run first.
func.func @unmapped(%arg0: tensor<1x1x8x16xf16>, %arg1: tensor<1x1x8x16xf16>, %arg2: tensor<1x1x8x16xf16>) -> tensor<1x1x8x16xf16> {
  // expected-error @+1 {{'sattn.sddmm' op has no pim.mapping; run --pim-map first}}
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [1, 1]>, scale = 2.500000e-01 : f64} : tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x8xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x8xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x8xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x16xf16>
  return %2 : tensor<1x1x8x16xf16>
}
