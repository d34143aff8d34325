// A compiled BigBird kernel (random_blocks, select, slots, masks with bank
// shifts) through the binary encoding: the round trip is exact and the
// simulator gives the same stats for both forms.

// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 2}' > %t/hw.json
// RUN: pilot-opt %s --pilot-compile="hw=%t/hw.json schedule=pilot" -o %t/kernel.txt
// RUN: pilot-translate --pim-to-binary %t/kernel.txt -o %t/kernel.bin
// RUN: pilot-translate --binary-to-pim %t/kernel.bin -o %t/decoded.txt
// RUN: pilot-translate --pim-to-binary %t/decoded.txt -o %t/again.bin
// RUN: cmp %t/kernel.bin %t/again.bin
// RUN: FileCheck %s --input-file=%t/decoded.txt
// RUN: pilot-sim %t/kernel.txt --mode=fast --stats-json=%t/text.json > /dev/null
// RUN: pilot-sim %t/kernel.bin --mode=fast --stats-json=%t/binary.json > /dev/null
// RUN: diff %t/text.json %t/binary.json

// CHECK: pim.kernel @bigbird_pim
// CHECK: pim.cfg "K" {{.*}} slots(2, index_base = 0, index_stride = 8, row_stride = 8) select [4, 0] random_blocks [1, 2]
// CHECK: pim.mask {{.*}} bank [4, 0, 8]

func.func @bigbird(%q: tensor<3x1x32x16xf16>, %k: tensor<3x1x32x16xf16>, %v: tensor<3x1x32x16xf16>) -> tensor<3x1x32x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], random = 1, seed = 3, block = 4>} : tensor<3x1x32x16xf16>, tensor<3x1x32x16xf16>, tensor<3x1x32x16xf16> -> tensor<3x1x32x16xf16>
  return %0 : tensor<3x1x32x16xf16>
}
