// RUN: pilot-opt %s --pim-io-report --mlir-print-op-on-diagnostic=false -split-input-file -verify-diagnostics -o /dev/null

// Dense causal prefill of 16384 tokens, d = 64, one head per bank group. A
// bank holds one tile's scores at a time: at most 16 rows (1024 / 64
// vectors in the buffer) of the longest row, 16384 keys, 512 KiB, beside K
// and V replicated (2 x 16384 x 128 B = 4 MiB) and its 4096 rows of Q and O
// (0.5 MiB each): every schedule fits in the bank's 32 MiB.
func.func @dense_causal(%q: tensor<1x1x16384x64xf16>, %k: tensor<1x1x16384x64xf16>, %v: tensor<1x1x16384x64xf16>) -> tensor<1x1x16384x64xf16> {
  // expected-remark @+5 {{pim-io-report: schedule=naive tiles=}}
  // expected-remark @+4 {{pim-io-report: schedule=pilot tiles=}}
  // expected-remark @+3 {{pim-io-report: schedule=pilot-wide tiles=}}
  // expected-remark @+2 {{pim-io-report: schedule=fused tiles=}}
  // expected-remark @+1 {{pim-io-report: fastest=}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x1x16384x64xf16>, tensor<1x1x16384x64xf16>, tensor<1x1x16384x64xf16> -> tensor<1x1x16384x64xf16>
  return %0 : tensor<1x1x16384x64xf16>
}

// -----

// Decoding against a KV cache of 2^24 tokens: a bank keeps a quarter of it,
// 2 x 4194304 x 256 B = 2 GiB of K and V.
func.func @kv_cache_overflow(%q: tensor<1x1x1x128xf16>, %k: tensor<1x1x16777216x128xf16>, %v: tensor<1x1x16777216x128xf16>) -> tensor<1x1x1x128xf16> {
  // expected-remark @+5 {{schedule=naive does not fit}}
  // expected-remark @+4 {{schedule=pilot does not fit}}
  // expected-remark @+3 {{schedule=pilot-wide does not fit}}
  // expected-remark @+2 {{schedule=fused does not fit}}
  // expected-error @+1 {{pim-io-report: the attention does not fit in the banks under the fused schedule: 1 head instances per bank group need 2048.0 MiB in the busiest bank (K and V 2048.0 MiB, Q 0.0 MiB, O 0.0 MiB, scores 0.0 MiB) but a bank holds 32.0 MiB}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [1023, 0], sinks = 4>} : tensor<1x1x1x128xf16>, tensor<1x1x16777216x128xf16>, tensor<1x1x16777216x128xf16> -> tensor<1x1x1x128xf16>
  return %0 : tensor<1x1x1x128xf16>
}
