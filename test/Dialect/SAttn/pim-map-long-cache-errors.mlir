// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 8, "org.rows": 16}' > %t/hw.json
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 8, "org.rows": 2}' > %t/tiny.json
// RUN: pilot-opt %s --sattn-decompose --pim-map="hw=%t/hw.json" | FileCheck %s --check-prefix=AUTO
// RUN: pilot-opt %s --sattn-decompose --pim-map="hw=%t/hw.json split=heads" -verify-diagnostics
// RUN: not pilot-opt %s --sattn-decompose --pim-map="hw=%t/tiny.json" 2>&1 | FileCheck %s --check-prefix=TINY

// A decoding cache too long for one bank group: 2,048 keys of d = 16 on 8
// bank groups of 4 banks of 16 DRAM rows (16 KiB a bank; 32 KiB of keys and
// values a bank on one group). split=auto cuts the keys over the groups
// (golden-split-keys-long-cache.mlir); split=heads keeps one group an
// instance and refuses it, naming the bytes. On banks of 2 rows not even all
// 8 groups hold it, and the error names the most groups tried.
// AUTO: pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 8, banks_per_group = 4, groups_per_instance = 8>
// TINY: error: 'sattn.sddmm' op does not fit in the banks under the fused schedule: {{.*}} (org.rows x org.row_bytes); nor with its keys cut over 8 bank groups an instance (split=auto tries powers of two up to the 8 groups over its 1 instances)
func.func @decode(%q: tensor<1x1x1x16xf16>, %k: tensor<1x1x2048x16xf16>, %v: tensor<1x1x2048x16xf16>) -> tensor<1x1x1x16xf16> {
  // expected-error @+1 {{'sattn.sddmm' op does not fit in the banks under the fused schedule: 1 head instances per bank group need}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, dense = true>} : tensor<1x1x1x16xf16>, tensor<1x1x2048x16xf16>, tensor<1x1x2048x16xf16> -> tensor<1x1x1x16xf16>
  return %0 : tensor<1x1x1x16xf16>
}
