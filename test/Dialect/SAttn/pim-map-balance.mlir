// RUN: pilot-opt %s --sattn-decompose --pim-map="schedule=pilot share-kv=on" | FileCheck %s --check-prefix=SHARED
// RUN: pilot-opt %s --sattn-decompose --pim-map="schedule=pilot share-kv=off" | FileCheck %s --check-prefix=APART

// Decoding at batch 1 with two parts of very different lengths, on
// pilot-hbm3's 1,024 bank groups: 32 query heads on 8 key-value heads,
// d = 64, 8,192 keys, heads 0-15 dense (every key) and 16-31 streaming
// (4 sinks and a window of 64, 68 keys). The parts are weighed together:
// the streaming part takes the few groups that still make it faster, and
// the dense part the most groups left (not the same share as the short one).
//
// Shared (4 query heads an instance, 4 instances a part): the streaming
// part cuts its 68 keys over 2 groups, the dense part its 8,192 over the
// 254 groups an instance left of the 1,016 after it, 1,024 in all.
// SHARED: sattn.sddmm {{.*}}heads = #sattn.heads<sparse>{{.*}}#pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 8, banks_per_group = 4, kv_group = 4, groups_per_instance = 2>
// SHARED: sattn.sddmm {{.*}}heads = #sattn.heads<dense>{{.*}}#pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1016, banks_per_group = 4, kv_group = 4, groups_per_instance = 254, first_group = 8>
//
// Apart (16 instances a part): a group an instance for the streaming part,
// and the 63 an instance left of the 1,008 for the dense part.
// APART: sattn.sddmm {{.*}}heads = #sattn.heads<sparse>{{.*}}#pim.mapping<split = columns, head_instances = 16, heads_per_group = 1, bank_groups = 16, banks_per_group = 4>
// APART: sattn.sddmm {{.*}}heads = #sattn.heads<dense>{{.*}}#pim.mapping<split = columns, head_instances = 16, heads_per_group = 1, bank_groups = 1008, banks_per_group = 4, groups_per_instance = 63, first_group = 16>
func.func @decode(%q: tensor<1x32x1x64xf16>, %k: tensor<1x8x8192x64xf16>, %v: tensor<1x8x8192x64xf16>) -> tensor<1x32x1x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]>} : tensor<1x32x1x64xf16>, tensor<1x8x8192x64xf16>, tensor<1x8x8192x64xf16> -> tensor<1x32x1x64xf16>
  return %0 : tensor<1x32x1x64xf16>
}
