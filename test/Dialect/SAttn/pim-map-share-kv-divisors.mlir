// RUN: pilot-opt %s --sattn-decompose --pim-map | FileCheck %s --check-prefix=AUTO
// RUN: pilot-opt %s --sattn-decompose --pim-map="share-kv=on" | FileCheck %s --check-prefix=ON
// RUN: pilot-opt %s --pilot-compile | pilot-sim - --mode fast | FileCheck %s --check-prefix=AUTO-READS
// RUN: pilot-opt %s --pilot-compile="share-kv=off" | pilot-sim - --mode fast | FileCheck %s --check-prefix=OFF-READS

// Dense decoding with 16 query heads on one key-value head (d = 128, 32K
// keys, batch 1). The whole group as one instance has 16 rows, which no
// PILOT tile holds with the 2 KB buffer (16 x 128 queries alone are 4 KB),
// so its keys are read once for each tile of rows; each head apart reads
// them 16 times. share-kv=auto weighs every sharing that cuts the group
// evenly (1, 2, 4, 8, 16) and takes 4 heads an instance: 4 instances, each
// reading the key-value head once.
// AUTO: #pim.mapping<split = columns, head_instances = 4, {{.*}}kv_group = 4,
// ON: #pim.mapping<split = columns, head_instances = 1, {{.*}}kv_group = 16,

// K and V are 32768 x 128 FP16 each, 16 MiB together: 4 instances read
// 64 MiB, 16 heads apart 256 MiB.
// AUTO-READS: internal read {{[0-9,]+}} B (67,108,864 B of K and V)
// OFF-READS: internal read {{[0-9,]+}} B (268,435,456 B of K and V)
func.func @one_kv_head(%q: tensor<1x16x1x128xf16>, %k: tensor<1x1x32768x128xf16>, %v: tensor<1x1x32768x128xf16>) -> tensor<1x16x1x128xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x16x1x128xf16>, tensor<1x1x32768x128xf16>, tensor<1x1x32768x128xf16> -> tensor<1x16x1x128xf16>
  return %0 : tensor<1x16x1x128xf16>
}
