// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 8, "org.rows": 16}' > %t/hw.json
// RUN: pilot-opt %s --sattn-decompose --pim-map="hw=%t/hw.json schedule=fused" | FileCheck %s --check-prefix=FUSED
// RUN: not pilot-opt %s --sattn-decompose --pim-map="hw=%t/hw.json schedule=pilot" 2>&1 | FileCheck %s --check-prefix=PILOT

// A decoding cache too long for one bank group, in two parts: head 0 dense
// (2,048 keys of d = 16), head 1 streaming (4 sinks, a window of 64), on 8
// bank groups of 4 banks of 16 DRAM rows (16 KiB). Once the keys are cut
// over groups each part lies in a range of its own and is judged alone.
// Fused: neither fits one group beside the other (the whole attention is
// judged there); cut over groups both fit, and the fastest that fit beside
// each other are 4 groups each.
// FUSED: heads = #sattn.heads<sparse>{{.*}}#pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>
// FUSED: heads = #sattn.heads<dense>{{.*}}#pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4, first_group = 4>
// Pilot: the scores take room too, the dense part needs all 8 groups and
// the streaming part 4, which do not fit beside each other.
// PILOT: error: 'sattn.sddmm' op does not fit in the banks: its parts need 1 instances x 4 bank groups and 1 instances x 8 bank groups (groups_per_instance) to hold their keys, more than the 8 bank groups

func.func @decode(%q: tensor<1x2x1x16xf16>, %k: tensor<1x2x2048x16xf16>, %v: tensor<1x2x2048x16xf16>) -> tensor<1x2x1x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0]>} : tensor<1x2x1x16xf16>, tensor<1x2x2048x16xf16>, tensor<1x2x2048x16xf16> -> tensor<1x2x1x16xf16>
  return %0 : tensor<1x2x1x16xf16>
}
