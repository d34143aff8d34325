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

// Causally, a listed later block adds no keys: block 0 keeps none of its
// list, the others one each (once attended, docs/testing.md).
func.func @causal_later_random_cols(%q: tensor<1x1x32x16xf16>, %k: tensor<1x1x32x16xf16>, %v: tensor<1x1x32x16xf16>) -> tensor<1x1x32x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: query blocks draw different numbers of random blocks (0 and 1): too few candidates for some}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [0, 0], random_cols = [[1], [0], [1], [2], [3], [4], [5], [6]], block = 4>} : tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16> -> tensor<1x1x32x16xf16>
  return %0 : tensor<1x1x32x16xf16>
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

// -----

// A head of 24 elements is 48 bytes: not whole 32-byte columns.
func.func @head_dim(%q: tensor<1x1x64x24xf16>, %k: tensor<1x1x64x24xf16>, %v: tensor<1x1x64x24xf16>) -> tensor<1x1x64x24xf16> {
  // expected-error @+1 {{pim-lower-to-isa: a head dimension of 24 elements does not fill a DRAM row of 1024 bytes in whole columns}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x1x64x24xf16>, tensor<1x1x64x24xf16>, tensor<1x1x64x24xf16> -> tensor<1x1x64x24xf16>
  return %0 : tensor<1x1x64x24xf16>
}

// -----

// Query heads 0 and 1 share key head 0; only head 0 is dense.
func.func @gqa_split_group(%q: tensor<1x4x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x4x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: the part's heads do not cover whole groups of grouped-query heads}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2], dense_heads = [0]>} : tensor<1x4x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x4x64x16xf16>
  return %0 : tensor<1x4x64x16xf16>
}

// -----

func.func @partial_block(%q: tensor<1x1x60x16xf16>, %k: tensor<1x1x60x16xf16>, %v: tensor<1x1x60x16xf16>) -> tensor<1x1x60x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: random keys need whole key blocks: the keys are not a multiple of the block size}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], random = 1, block = 8>} : tensor<1x1x60x16xf16>, tensor<1x1x60x16xf16>, tensor<1x1x60x16xf16> -> tensor<1x1x60x16xf16>
  return %0 : tensor<1x1x60x16xf16>
}

// -----

func.func @causal_random(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{pim-lower-to-isa: causal random keys without a window are not lowered yet}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, random = 1, block = 8>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}

// -----

// Scores with no softmax and SpMM after them are not an attention to lower.
func.func @sddmm_alone(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>) -> tensor<1x1x64x64xf16> {
  // expected-error @+1 {{pim-lower-to-isa: needs the sattn.softmax and sattn.spmm of its scores, to lower the part whole}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  return %0 : tensor<1x1x64x64xf16>
}
