// RUN: pilot-opt %s --pim-map -split-input-file -verify-diagnostics | FileCheck %s
// RUN: pilot-opt %s --pim-map="dense-heads-on-pim=true" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=ONPIM

// Longformer-like prefill, batch 2048 x 1 head: 2048 head instances over the
// 1024 bank groups of pilot-hbm3 (4 stacks x 8 dies x 8 pCH x 4), two on
// the busiest. Non-global rows split by rows, the global row by columns;
// each part's three ops carry the same mapping.
// CHECK-LABEL: func.func @longformer
// CHECK-COUNT-3: pim.mapping = #pim.mapping<split = rows, head_instances = 2048, heads_per_group = 2, bank_groups = 1024, banks_per_group = 4>
// CHECK-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 2048, heads_per_group = 2, bank_groups = 1024, banks_per_group = 4>
func.func @longformer(%arg0: tensor<2048x1x64x16xf16>, %arg1: tensor<2048x1x64x16xf16>, %arg2: tensor<2048x1x64x16xf16>) -> tensor<2048x1x64x16xf16> {
  %0 = tensor.empty() : tensor<2048x1x64x16xf16>
  %1 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>, scale = 2.500000e-01 : f64} : tensor<2048x1x64x16xf16>, tensor<2048x1x64x16xf16> -> tensor<2048x1x64x64xf16>
  %2 = sattn.softmax %1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>} : tensor<2048x1x64x64xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>} : tensor<2048x1x64x64xf16>, tensor<2048x1x64x16xf16>, tensor<2048x1x64x16xf16> -> tensor<2048x1x64x16xf16>
  %4 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>, scale = 2.500000e-01 : f64} : tensor<2048x1x64x16xf16>, tensor<2048x1x64x16xf16> -> tensor<2048x1x64x64xf16>
  %5 = sattn.softmax %4 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>} : tensor<2048x1x64x64xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>} : tensor<2048x1x64x64xf16>, tensor<2048x1x64x16xf16>, tensor<2048x1x64x16xf16> -> tensor<2048x1x64x16xf16>
  return %6 : tensor<2048x1x64x16xf16>
}

// -----

// DuoAttention prefill: 3 streaming heads on PIM by rows; the dense head
// stays on the host unless dense-heads-on-pim.
// CHECK-LABEL: func.func @duo
// CHECK-COUNT-3: #pim.mapping<split = rows, head_instances = 6, heads_per_group = 1,
// CHECK-COUNT-3: #pim.mapping<split = host, head_instances = 2, heads_per_group = 1,
// ONPIM-LABEL: func.func @duo
// ONPIM-COUNT-3: #pim.mapping<split = rows, head_instances = 6,
// ONPIM-COUNT-3: #pim.mapping<split = rows, head_instances = 2,
func.func @duo(%arg0: tensor<2x4x32x16xf16>, %arg1: tensor<2x4x32x16xf16>, %arg2: tensor<2x4x32x16xf16>) -> tensor<2x4x32x16xf16> {
  %0 = tensor.empty() : tensor<2x4x32x16xf16>
  %1 = sattn.sddmm %arg0, %arg1 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>, scale = 2.500000e-01 : f64} : tensor<2x4x32x16xf16>, tensor<2x4x32x16xf16> -> tensor<2x4x32x32xf16>
  %2 = sattn.softmax %1 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>} : tensor<2x4x32x32xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>} : tensor<2x4x32x32xf16>, tensor<2x4x32x16xf16>, tensor<2x4x32x16xf16> -> tensor<2x4x32x16xf16>
  %4 = sattn.sddmm %arg0, %arg1 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>, scale = 2.500000e-01 : f64} : tensor<2x4x32x16xf16>, tensor<2x4x32x16xf16> -> tensor<2x4x32x32xf16>
  %5 = sattn.softmax %4 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>} : tensor<2x4x32x32xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [1]>} : tensor<2x4x32x32xf16>, tensor<2x4x32x16xf16>, tensor<2x4x32x16xf16> -> tensor<2x4x32x16xf16>
  return %6 : tensor<2x4x32x16xf16>
}

// -----

// Decoding splits by columns, dense heads included.
// CHECK-LABEL: func.func @decode
// CHECK-COUNT-3: #pim.mapping<split = columns, head_instances = 3,
// CHECK-COUNT-3: #pim.mapping<split = columns, head_instances = 1,
func.func @decode(%arg0: tensor<1x4x1x16xf16>, %arg1: tensor<1x4x64x16xf16>, %arg2: tensor<1x4x64x16xf16>) -> tensor<1x4x1x16xf16> {
  %0 = tensor.empty() : tensor<1x4x1x16xf16>
  %1 = sattn.sddmm %arg0, %arg1 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>, scale = 2.500000e-01 : f64} : tensor<1x4x1x16xf16>, tensor<1x4x64x16xf16> -> tensor<1x4x1x64xf16>
  %2 = sattn.softmax %1 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>} : tensor<1x4x1x64xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>} : tensor<1x4x1x64xf16>, tensor<1x4x64x16xf16>, tensor<1x4x1x16xf16> -> tensor<1x4x1x16xf16>
  %4 = sattn.sddmm %arg0, %arg1 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>, scale = 2.500000e-01 : f64} : tensor<1x4x1x16xf16>, tensor<1x4x64x16xf16> -> tensor<1x4x1x64xf16>
  %5 = sattn.softmax %4 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>} : tensor<1x4x1x64xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {heads = #sattn.heads<dense>, pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [3]>} : tensor<1x4x1x64xf16>, tensor<1x4x64x16xf16>, tensor<1x4x1x16xf16> -> tensor<1x4x1x16xf16>
  return %6 : tensor<1x4x1x16xf16>
}

// -----

// A KV cache of 2^30 tokens: a quarter of it in each bank is 128 GiB of K
// and V, where a bank holds 32 MiB; split=auto cuts the keys over up to all
// 1,024 groups (128 MiB a bank), which do not hold it either. (2^24 tokens
// fit over 128 groups: golden-split-keys-long-cache.mlir is such a case.)
func.func @kv_cache_overflow(%arg0: tensor<1x1x1x128xf16>, %arg1: tensor<1x1x1073741824x128xf16>, %arg2: tensor<1x1x1073741824x128xf16>) -> tensor<1x1x1x128xf16> {
  // expected-error @+1 {{'sattn.sddmm' op does not fit in the banks under the fused schedule: 1 head instances per bank group need 131072.0 MiB in the busiest bank (K and V 131072.0 MiB, Q 0.0 MiB, O 0.0 MiB, scores 0.0 MiB) but a bank holds 32.0 MiB (org.rows x org.row_bytes); nor with its keys cut over 1024 bank groups an instance (split=auto tries powers of two up to the 1024 groups over its 1 instances)}}
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [1023, 0]>, scale = 0.088388347648318433 : f64} : tensor<1x1x1x128xf16>, tensor<1x1x1073741824x128xf16> -> tensor<1x1x1x1073741824xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<causal = true, window = [1023, 0]>} : tensor<1x1x1x1073741824xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<causal = true, window = [1023, 0]>} : tensor<1x1x1x1073741824xf16>, tensor<1x1x1073741824x128xf16> -> tensor<1x1x1x128xf16>
  return %2 : tensor<1x1x1x128xf16>
}
