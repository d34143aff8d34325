// RUN: pilot-opt %s --pim-map -split-input-file -verify-diagnostics
// RUN: not pilot-opt %s --pim-map="hw=hbm9" -split-input-file 2>&1 | FileCheck %s --check-prefix=PRESET

// PRESET: error: pim-map: 'hbm9' is neither a preset ("pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4") nor a readable hardware file: {{.*}} (hw)

func.func @not_decomposed(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>, %v: tensor<1x1x8x4xf16>) -> tensor<1x1x8x4xf16> {
  // expected-error @+1 {{pim-map places decomposed attention; run --sattn-decompose first}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x4xf16>
  return %0 : tensor<1x1x8x4xf16>
}

// -----

func.func @mixed_rows(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op mixes non-global and global rows, which map differently; run --sattn-decompose to split them}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, scale = 0.5 : f64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @mixed_heads(%q: tensor<1x2x8x4xf16>, %k: tensor<1x2x8x4xf16>) -> tensor<1x2x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op mixes sparse and dense heads, which map differently; run --sattn-decompose to split them}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1], dense_heads = [0]>, scale = 0.5 : f64} : tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16> -> tensor<1x2x8x8xf16>
  return %0 : tensor<1x2x8x8xf16>
}
