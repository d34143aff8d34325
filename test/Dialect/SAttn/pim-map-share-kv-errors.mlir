// RUN: pilot-opt %s --sattn-decompose --pim-map="share-kv=on" -split-input-file -verify-diagnostics
// RUN: not pilot-opt %s --sattn-decompose --pim-map="share-kv=maybe" -split-input-file 2>&1 | FileCheck %s --check-prefix=OPTION

// OPTION: pim-map: unknown share-kv 'maybe' (share-kv); it is auto, on or off

// Multi-head attention: no key-value head serves two query heads.
func.func @mha(%q: tensor<1x4x1x64xf16>, %k: tensor<1x4x256x64xf16>, %v: tensor<1x4x256x64xf16>) -> tensor<1x4x1x64xf16> {
  // expected-error @+1 {{pim-map: share-kv=on, but no query heads can share a head instance: every query head has a key-value head of its own (4 heads, 4 key-value heads)}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x4x1x64xf16>, tensor<1x4x256x64xf16>, tensor<1x4x256x64xf16> -> tensor<1x4x1x64xf16>
  return %0 : tensor<1x4x1x64xf16>
}

// -----

// Prefill.
func.func @prefill(%q: tensor<1x4x64x64xf16>, %k: tensor<1x2x64x64xf16>, %v: tensor<1x2x64x64xf16>) -> tensor<1x4x64x64xf16> {
  // expected-error @+1 {{share-kv=on, but no query heads can share a head instance: prefill's rows each attend their own keys; query heads share a key-value head's instance in decoding only}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0]>} : tensor<1x4x64x64xf16>, tensor<1x2x64x64xf16>, tensor<1x2x64x64xf16> -> tensor<1x4x64x64xf16>
  return %0 : tensor<1x4x64x64xf16>
}

// -----

// Several decoding queries per head.
func.func @queries(%q: tensor<1x4x2x64xf16>, %k: tensor<1x2x256x64xf16>, %v: tensor<1x2x256x64xf16>) -> tensor<1x4x2x64xf16> {
  // expected-error @+1 {{2 decoding queries per head: the rows of different heads would repeat positions, which the mask's band about a row's index cannot tell apart; one query shares}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x4x2x64xf16>, tensor<1x2x256x64xf16>, tensor<1x2x256x64xf16> -> tensor<1x4x2x64xf16>
  return %0 : tensor<1x4x2x64xf16>
}

// -----

// Key-value head 0 serves two dense and two streaming heads, head 1 four
// streaming heads: instances would differ in rows.
func.func @uneven_kinds(%q: tensor<1x8x1x64xf16>, %k: tensor<1x2x256x64xf16>, %v: tensor<1x2x256x64xf16>) -> tensor<1x8x1x64xf16> {
  // expected-error @+1 {{key-value head 1 serves a run of 4 query heads of one kind (dense or sparse) where an earlier one serves 2; every head instance must hold as many rows}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [0, 1]>} : tensor<1x8x1x64xf16>, tensor<1x2x256x64xf16>, tensor<1x2x256x64xf16> -> tensor<1x8x1x64xf16>
  return %0 : tensor<1x8x1x64xf16>
}

// -----

// Dense and streaming heads alternate within every key-value group.
func.func @alternating_kinds(%q: tensor<1x8x1x64xf16>, %k: tensor<1x2x256x64xf16>, %v: tensor<1x2x256x64xf16>) -> tensor<1x8x1x64xf16> {
  // expected-error @+1 {{no two consecutive query heads of a key-value head are of one kind (dense or sparse)}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [0, 2, 4, 6]>} : tensor<1x8x1x64xf16>, tensor<1x2x256x64xf16>, tensor<1x2x256x64xf16> -> tensor<1x8x1x64xf16>
  return %0 : tensor<1x8x1x64xf16>
}
