// RUN: pilot-opt %s --sattn-decompose --pim-map="split=heads" -split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: pilot-opt %s --sattn-decompose --pim-map="share-kv=on split=heads" -split-input-file | FileCheck %s --check-prefix=ON
// RUN: pilot-opt %s --sattn-decompose --pim-map="share-kv=off split=heads" -split-input-file | FileCheck %s --check-prefix=OFF
// RUN: pilot-opt %s --pilot-compile="share-kv=on split=heads" -split-input-file | FileCheck %s --check-prefix=ON
// RUN: pilot-opt %s --pilot-compile="share-kv=on split=heads" --pim-summary -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=SUMMARY

// Sharing weighed on the paper's mapping (split=heads: one bank group per
// instance; test/Dialect/SAttn/pim-map-split-keys.mlir weighs it with keys
// cut over several groups).

// Grouped-query decoding, batch 1: 8 query heads on 2 key-value heads
// against 4096 keys. Sharing reads each key-value head once for its 4 query
// heads, but leaves 2 instances for 1024 bank groups instead of 8, which
// the I/O model predicts slower: auto keeps the heads apart.
// AUTO-LABEL: func.func @small_batch
// AUTO-COUNT-3: #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
// ON-LABEL: func.func @small_batch
// ON-COUNT-3: #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>
// The summary names it too.
// SUMMARY: "bank_groups": 1024,
// SUMMARY-NEXT: "banks_per_group": 4,
// SUMMARY-NEXT: "first_group": 0,
// SUMMARY-NEXT: "groups_per_instance": 1,
// SUMMARY-NEXT: "head_instances": 2,
// SUMMARY-NEXT: "heads_per_group": 1,
// SUMMARY-NEXT: "kv_group": 4,
// OFF-LABEL: func.func @small_batch
// OFF-COUNT-3: #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>
func.func @small_batch(%q: tensor<1x8x1x64xf16>, %k: tensor<1x2x4096x64xf16>, %v: tensor<1x2x4096x64xf16>) -> tensor<1x8x1x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x8x1x64xf16>, tensor<1x2x4096x64xf16>, tensor<1x2x4096x64xf16> -> tensor<1x8x1x64xf16>
  return %0 : tensor<1x8x1x64xf16>
}

// -----

// Batch 512: 4096 head instances, 4 on every bank group. Shared, each
// group holds one instance of 4 rows that reads its key-value head once;
// apart, each one-row instance streams its keys at the bank's rate (two
// slots, docs/compiler.md, Streaming). pim-map times both as pim-tile will
// tile them: under schedule=auto the PILOT schedule's wider tiles (4 rows,
// a key a step) make sharing faster (simulated in fast mode under
// --pilot-compile="schedule=auto": 105.9 us shared, 162.7 us apart): auto
// shares.
// AUTO-LABEL: func.func @large_batch
// AUTO-COUNT-3: #pim.mapping<split = columns, head_instances = 1024, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>
// ON-LABEL: func.func @large_batch
// ON-COUNT-3: #pim.mapping<split = columns, head_instances = 1024, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>
// OFF-LABEL: func.func @large_batch
// OFF-COUNT-3: #pim.mapping<split = columns, head_instances = 4096, heads_per_group = 4, bank_groups = 1024, banks_per_group = 4>
func.func @large_batch(%q: tensor<512x8x1x64xf16>, %k: tensor<512x2x4096x64xf16>, %v: tensor<512x2x4096x64xf16>) -> tensor<512x8x1x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<512x8x1x64xf16>, tensor<512x2x4096x64xf16>, tensor<512x2x4096x64xf16> -> tensor<512x8x1x64xf16>
  return %0 : tensor<512x8x1x64xf16>
}

// -----

// DuoAttention decoding whose key-value groups serve two dense and two
// streaming heads each: each part's instances are the 2 heads of its kind
// of one key-value head.
// ON-LABEL: func.func @mixed_groups
// ON-COUNT-3: #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 2>
// ON-COUNT-3: #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 2>
func.func @mixed_groups(%q: tensor<2x8x1x64xf16>, %k: tensor<2x2x512x64xf16>, %v: tensor<2x2x512x64xf16>) -> tensor<2x8x1x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [31, 0], sinks = 4, dense_heads = [0, 1, 4, 5]>} : tensor<2x8x1x64xf16>, tensor<2x2x512x64xf16>, tensor<2x2x512x64xf16> -> tensor<2x8x1x64xf16>
  return %0 : tensor<2x8x1x64xf16>
}
