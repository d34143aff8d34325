// RUN: pilot-opt %s --pim-map | FileCheck %s --check-prefix=AUTO
// RUN: pilot-opt %s --pim-map="split=heads" | FileCheck %s --check-prefix=HEADS
// RUN: not pilot-opt %s --pim-map="split=groups" 2>&1 | FileCheck %s --check-prefix=BAD

// Longformer-like prefill, batch 1 x 2 heads on pilot-hbm3's 1024 bank
// groups (docs/compiler.md, Small batches). split=auto: the global rows'
// column split cuts each instance's keys over 2 groups (0-3; simulated in
// fast mode, the kernel takes 973 ns, against 1,019 ns with one group an
// instance); the non-global rows (63, a window of single rows) span 15
// groups per instance, 60 banks of at least one row each, from group 4.
// split=heads: the paper's mapping, every instance on one group.
// AUTO-COUNT-3: pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 30, banks_per_group = 4, groups_per_instance = 15, first_group = 4>
// AUTO-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 2>
// HEADS-COUNT-3: pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
// HEADS-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
// BAD: error: pim-map: split = 'groups', expected auto or heads
func.func @longformer(%arg0: tensor<1x2x64x16xf16>, %arg1: tensor<1x2x64x16xf16>, %arg2: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = tensor.empty() : tensor<1x2x64x16xf16>
  %1 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>, scale = 2.500000e-01 : f64} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x64xf16>
  %2 = sattn.softmax %1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>} : tensor<1x2x64x64xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<non_global>} : tensor<1x2x64x64xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  %4 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>, scale = 2.500000e-01 : f64} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x64xf16>
  %5 = sattn.softmax %4 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>} : tensor<1x2x64x64xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {pattern = #sattn.pattern<window = [4, 3], global_tokens = [0]>, rows = #sattn.rows<global>} : tensor<1x2x64x64xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %6 : tensor<1x2x64x16xf16>
}
