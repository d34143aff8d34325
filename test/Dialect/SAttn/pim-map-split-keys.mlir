// RUN: pilot-opt %s --sattn-decompose --pim-map | FileCheck %s --check-prefix=AUTO
// RUN: pilot-opt %s --sattn-decompose --pim-map="split=heads" | FileCheck %s --check-prefix=HEADS
// RUN: not pilot-opt %s --sattn-decompose --pim-map --pim-tile --pim-schedule="order=key" 2>&1 | FileCheck %s --check-prefix=KEY

// Decoding at batch 1 (docs/compiler.md, Keys over several bank groups): 8
// query heads on 2 key-value heads, d = 32, 1,000 keys, heads 0-3 dense and
// 4-7 streaming (4 sinks, a window of 64), on pilot-hbm3's 1,024 bank
// groups. split=auto: each part's instances cut their keys over the groups
// the I/O model predicts fastest for the two parts together, merge
// included, the streaming part (68 keys a head) from group 0 and the dense
// part (1,000) after it, far more groups an instance (more would merge more
// partials than they save); share-kv=auto weighs sharing with them and keeps the
// heads apart. split=heads: the paper's mapping, one group per instance.
// AUTO-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 64, banks_per_group = 4, groups_per_instance = 16>
// AUTO-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 512, banks_per_group = 4, groups_per_instance = 128, first_group = 64>
// HEADS-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
// HEADS-COUNT-3: pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
// A part whose keys are cut over groups walks them query-stationary:
// KEY: error: 'sattn.sddmm' op pim-schedule: order=key walks every row's keys on one group, but this part's keys are cut over {{[0-9]+}} groups per instance (groups_per_instance); map it with split=heads
func.func @decode(%q: tensor<1x8x1x32xf16>, %k: tensor<1x2x1000x32xf16>, %v: tensor<1x2x1000x32xf16>) -> tensor<1x8x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x1x32xf16>, tensor<1x2x1000x32xf16>, tensor<1x2x1000x32xf16> -> tensor<1x8x1x32xf16>
  return %0 : tensor<1x8x1x32xf16>
}
