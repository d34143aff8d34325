// Decoding 64 queries against a 96-token cache (StreamingLLM: 2 sinks, a
// causal window of 40) on banks of 20 DRAM rows: the pilot schedule's
// key-stationary order would keep every row's scores of the bank's pieces,
// which do not fit beside Q, K, V and O, so pim-schedule walks the rows'
// tiles query-stationary instead and predicts that order. Compiled and
// simulated with FP16 values: pilot-sim --check compares the output with a
// float64 attention, fast mode agrees with exact mode, and the program
// moves exactly the bytes the I/O model predicts. On the preset's banks,
// one bank group an instance (split=heads), the same problem runs
// key-stationary.

// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 2, "org.rows": 20}' > %t/hw.json
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,64,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,96,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,96,16 --seed 3
// DEFINE: %{hw} = hw=%t/hw.json
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=pilot %{hw}" -o %t/pilot.mlir \
// DEFINE:   && grep -o "order = [a-z_]*" %t/pilot.mlir | sort -u \
// DEFINE:   && pilot-sim %t/pilot.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/exact.json \
// DEFINE:   && pilot-sim %t/pilot.mlir --mode=fast --stats-json=%t/fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/exact.json %t/fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/pilot.mlir %t/exact.json )

// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SMALL
// REDEFINE: %{hw} = split=heads
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,PRESET

// SMALL:     order = query_stationary
// PRESET:    order = key_stationary
// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x96x16xf16>, %v: tensor<1x1x96x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [40, 0], sinks = 2>} : tensor<1x1x64x16xf16>, tensor<1x1x96x16xf16>, tensor<1x1x96x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}
