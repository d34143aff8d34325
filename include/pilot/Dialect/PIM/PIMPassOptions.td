//===- PIMPassOptions.td - options of passes that target PIM -*- tablegen -*-===//
//
// The hardware options every pass that plans for or lowers to the pim
// dialect takes, declared once so that their spelling, default and help
// agree across passes and `--pilot-compile` can hand them on.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_PIM_PIMPASSOPTIONS_TD
#define PILOT_DIALECT_PIM_PIMPASSOPTIONS_TD

include "mlir/Pass/PassBase.td"

/// The hardware: a preset or a JSON hardware file (docs/hardware.md).
defvar PIM_HardwareOption =
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec, ...) or JSON file">;

/// The BPM buffer's size in bytes, over the hardware's.
defvar PIM_BufferBytesOption =
    Option<"bufferBytes", "buffer-bytes", "int64_t", /*default=*/"0",
           "Override bpm.buffer_bytes (0 keeps the preset's)">;

/// DuoAttention's dense heads in prefill: on the GPU as in the paper, or on
/// PIM too. Decoding runs every head on PIM.
defvar PIM_DenseHeadsOnPIMOption =
    Option<"denseHeadsOnPIM", "dense-heads-on-pim", "bool", /*default=*/"false",
           "In prefill, also place the pattern's dense heads on PIM">;

#endif // PILOT_DIALECT_PIM_PIMPASSOPTIONS_TD
