// The HBM3E and HBM4 presets (docs/hardware.md): the array timings of
// Ramulator 2's JESD238 set in nanoseconds at the faster interfaces' tCK,
// and HBM4's doubled pseudo-channels; a program runs on each.
//
// RUN: pilot-sim --print-hw=pilot-hbm3e | FileCheck %s --check-prefix=HBM3E
// RUN: pilot-sim --print-hw=pilot-hbm4 | FileCheck %s --check-prefix=HBM4
// RUN: pilot-sim %S/print-hw.mlir --hw=pilot-hbm3e | FileCheck %s --check-prefix=RUN3E
// RUN: pilot-sim %S/print-hw.mlir --hw=pilot-hbm4 | FileCheck %s --check-prefix=RUN4
//
// HBM3E-DAG: "org.pchs": 8,
// HBM3E-DAG: "timing.tCK_ps": 417,
// HBM3E-DAG: "timing.nRCDRD": 47,
// HBM3E-DAG: "timing.nCCDL": 6,
// HBM3E-DAG: "timing.nRFC": 840,
// HBM4-DAG: "org.pchs": 16,
// HBM4-DAG: "timing.tCK_ps": 500,
// HBM4-DAG: "timing.nRCDRD": 39,
// HBM4-DAG: "timing.nCCDL": 5,
// HBM4-DAG: "timing.nREFI": 7800,
// RUN3E: DRAM cycles (tCK 0.417 ns)
// RUN4: DRAM cycles (tCK 0.500 ns)
