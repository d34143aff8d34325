// RUN: pilot-opt %s -split-input-file -verify-diagnostics --sattn-decompose --pim-map --pim-tile --pim-schedule --pim-lower-to-isa

func.func @random(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: random keys are lowered for block patterns (block > 1), where a tile's rows share them}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2], random = 2, seed = 1>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}

// -----

func.func @few_candidates(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: query blocks draw different numbers of random blocks (6 and 5): too few candidates for some}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], random = 6, seed = 1, block = 8>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}

// -----

func.func @late_global(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: global tokens must be the first tokens of the sequence to be lowered}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2], global_tokens = [5]>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}

// -----

func.func @middle_dense(%q: tensor<1x3x64x16xf16>, %k: tensor<1x3x64x16xf16>, %v: tensor<1x3x64x16xf16>) -> tensor<1x3x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: dense heads must be the first or the last heads to be lowered}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [3, 0], dense_heads = [1]>} : tensor<1x3x64x16xf16>, tensor<1x3x64x16xf16>, tensor<1x3x64x16xf16> -> tensor<1x3x64x16xf16>
  return %0 : tensor<1x3x64x16xf16>
}

// -----

func.func @decode_rows(%q: tensor<1x1x2x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x2x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: decoding more than one query row at a time is not lowered yet}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0]>} : tensor<1x1x2x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x2x16xf16>
  return %0 : tensor<1x1x2x16xf16>
}

// -----

func.func @f32(%q: tensor<1x1x64x16xf32>, %k: tensor<1x1x64x16xf32>, %v: tensor<1x1x64x16xf32>) -> tensor<1x1x64x16xf32> {
  // expected-error @+1 {{pim-lower-to-isa: the processing units compute in FP16; convert the 'f32' attention to f16 first}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32> -> tensor<1x1x64x16xf32>
  return %0 : tensor<1x1x64x16xf32>
}
