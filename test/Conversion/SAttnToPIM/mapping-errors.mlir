// RUN: pilot-opt %s -split-input-file -verify-diagnostics --convert-sattn-to-pim

// Hand-written #pim.mapping attributes that the attribute verifier accepts
// (every count positive) but that do not describe the part on this hardware:
// convert-sattn-to-pim takes the counts as they are, so it rejects them.

// More bank groups than the hardware has.
func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping bank_groups = 5000 but the hardware has 1024 bank groups}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 5000, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 5000, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 5000, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %2 : tensor<1x1x64x16xf16>
}

// -----

// Bank groups of another size than the hardware's.
func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping banks_per_group = 9 but the hardware's bank groups have 4 banks (org.banks)}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 9>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 9>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 9>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %2 : tensor<1x1x64x16xf16>
}

// -----

// Head instances that are not the part's batch x heads.
func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping head_instances = 2 but the part has 1 x 1 (batch x heads)}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %2 : tensor<1x1x64x16xf16>
}

// -----

// Query heads shared four to an instance where each key-value head serves
// two.
func.func @f(%q: tensor<1x4x1x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x4x1x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping kv_group = 4 but the part's heads from 0 on are not that many consecutive heads of one key-value head}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 4, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>, pim.tiles = #pim.tiles<schedule = fused, rows = 4, keys = 8>, scale = 0.25 : f64} : tensor<1x4x1x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x4x1x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 4, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>, pim.tiles = #pim.tiles<schedule = fused, rows = 4, keys = 8>} : tensor<1x4x1x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 4, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>, pim.tiles = #pim.tiles<schedule = fused, rows = 4, keys = 8>} : tensor<1x4x1x64xf16>, tensor<1x2x64x16xf16> -> tensor<1x4x1x16xf16>
  return %2 : tensor<1x4x1x16xf16>
}

// -----

// Head instances spread over more bank groups than there are past
// first_group: 1 instance x 600 groups from group 500.
func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping bank_groups = 600 from first_group = 500 but the hardware has 1024 bank groups}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 600, banks_per_group = 4, groups_per_instance = 600, first_group = 500>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 600, banks_per_group = 4, groups_per_instance = 600, first_group = 500>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 600, banks_per_group = 4, groups_per_instance = 600, first_group = 500>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %2 : tensor<1x1x64x16xf16>
}

// -----

// Shared heads in prefill, where each row attends its own keys.
func.func @f(%q: tensor<1x2x16x16xf16>, %k: tensor<1x1x16x16xf16>, %v: tensor<1x1x16x16xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping kv_group = 2 shares key-value heads between rows of one decoding query per head; this part has 16 queries per head}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 2>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 0.25 : f64} : tensor<1x2x16x16xf16>, tensor<1x1x16x16xf16> -> tensor<1x2x16x16xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 2>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x2x16x16xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 2>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x2x16x16xf16>, tensor<1x1x16x16xf16> -> tensor<1x2x16x16xf16>
  return %2 : tensor<1x2x16x16xf16>
}

// -----

// A row split that spans several bank groups beside a part in the same
// groups: a bank's index within its class would not be its index within
// the instance.
func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %e = tensor.empty() : tensor<1x1x64x16xf16>
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping groups_per_instance = 4 over bank groups [0, 4) shares bank groups with another part of the attention, which must lie in groups of its own}}
  %s0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %p0 = sattn.softmax %s0 {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>} : tensor<1x1x64x64xf16>
  %o0 = sattn.spmm %p0, %v into %e {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  %s1 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<global>, scale = 0.25 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %p1 = sattn.softmax %s1 {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<global>} : tensor<1x1x64x64xf16>
  %o1 = sattn.spmm %p1, %v into %o0 {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<global>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %o1 : tensor<1x1x64x16xf16>
}

// -----

// Decoding's keys cut over 600 bank groups per instance: 2 instances need
// 1,200 groups, more than the hardware has.
func.func @f(%q: tensor<1x2x1x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x1x16xf16> {
  // expected-error @+1 {{convert-sattn-to-pim: #pim.mapping bank_groups = 1200 but the hardware has 1024 bank groups}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<causal = true, dense = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1200, banks_per_group = 4, groups_per_instance = 600>, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 8>, scale = 0.25 : f64} : tensor<1x2x1x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x1x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<causal = true, dense = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1200, banks_per_group = 4, groups_per_instance = 600>, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 8>} : tensor<1x2x1x64xf16>
  %2 = sattn.spmm %1, %v {pattern = #sattn.pattern<causal = true, dense = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1200, banks_per_group = 4, groups_per_instance = 600>, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 8>} : tensor<1x2x1x64xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x1x16xf16>
  return %2 : tensor<1x2x1x16xf16>
}
