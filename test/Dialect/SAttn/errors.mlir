// RUN: pilot-opt %s -split-input-file -verify-diagnostics

// One broken rule per chunk: first the pattern attribute's own rules, then
// the operations' shape rules and the pattern against the shape.

func.func @window_extents(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{window must be [left, right], got 3 extents}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 2, 3]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @block_zero(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{block = 0 must be >= 1}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], block = 0>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @window_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{window left extent = -1 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [-1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @sinks_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{sinks = -2 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], sinks = -2>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random = -1 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], random = -1>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @global_repeated(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{global_tokens[1] = 0 repeats global_tokens[0]; entries must be distinct}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<global_tokens = [0, 0]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @global_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{global_tokens[0] = -3 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<global_tokens = [-3]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dense_heads_repeated(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{dense_heads[1] = 1 repeats dense_heads[0]}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], dense_heads = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_twice(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random = 1 and random_cols are both given; give one of them}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], random = 1, random_cols = [[0]]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @attends_nothing(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{pattern attends no key: give dense, window, global_tokens, sinks, random or random_cols}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dense_redundant(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{dense already attends every key, so window is redundant; drop one of them}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_cols_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random_cols[0][0] = -1 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<random_cols = [[-1]]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @flag_keyword(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+2 {{expected 'true' or 'false'}}
  // expected-error @+1 {{failed to parse SAttn_PatternAttr parameter 'causal'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = 1>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

// Malformed attributes: what the parser says.
func.func @unknown_key(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{duplicate or unknown struct parameter name: windows}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<windows = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @repeated_key(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{duplicate or unknown struct parameter name: window}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], window = [2, 2]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @extent_too_large(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+2 {{integer value too large}}
  // expected-error @+1 {{failed to parse SAttn_PatternAttr parameter 'window' which is to be a `::llvm::ArrayRef<int64_t>`}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [99999999999999999999, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @extent_not_integer(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+2 {{expected integer value}}
  // expected-error @+1 {{failed to parse SAttn_PatternAttr parameter 'window'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1.5, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @seed_not_integer(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+2 {{expected integer value}}
  // expected-error @+1 {{failed to parse SAttn_PatternAttr parameter 'seed' which is to be a `uint64_t`}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], seed = "x">} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_cols_flat(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+2 {{expected '['}}
  // expected-error @+1 {{failed to parse SAttn_PatternAttr parameter 'random_cols' which is to be a `::mlir::ArrayAttr`}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<random_cols = [1, 2]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @unbalanced(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{unbalanced '<' character in pretty dialect name}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

// The pattern attribute missing or of another kind; a scale of another type
// or not finite.
func.func @no_pattern(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op requires attribute 'pattern'}}
  %0 = sattn.attention %q, %k, %v {} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @pattern_kind(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op attribute 'pattern' failed to satisfy constraint: Which (query, key) pairs an attention attends}}
  %0 = sattn.attention %q, %k, %v {pattern = "window"} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @scale_type(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op attribute 'scale' failed to satisfy constraint: 64-bit float attribute}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>, scale = 1 : i32} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @scale_infinite(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op scale must be positive and finite, got INF}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>, scale = 0x7FF0000000000000 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @window_right_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{window right extent = -2 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, -2]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dense_heads_negative(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{dense_heads[0] = -1 must be >= 0}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], dense_heads = [-1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dense_global_redundant(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{dense already attends every key, so global_tokens is redundant; drop one of them}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, global_tokens = [0]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dynamic_shape(%q: tensor<1x2x?x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x?x8xf16> {
  // expected-error @+1 {{'sattn.attention' op query must have a static shape, got 'tensor<1x2x?x8xf16>'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x?x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x?x8xf16>
  return %0 : tensor<1x2x?x8xf16>
}

// -----

func.func @element_types(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf32>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op key element type 'f32' differs from query element type 'f16'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @batch(%q: tensor<1x2x16x8xf16>, %k: tensor<3x2x16x8xf16>, %v: tensor<3x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op key batch 3 differs from query batch 1}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<3x2x16x8xf16>, tensor<3x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @gqa_heads(%q: tensor<1x4x16x8xf16>, %k: tensor<1x3x16x8xf16>, %v: tensor<1x3x16x8xf16>) -> tensor<1x4x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op key heads (3) must divide query heads (4)}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x4x16x8xf16>, tensor<1x3x16x8xf16>, tensor<1x3x16x8xf16> -> tensor<1x4x16x8xf16>
  return %0 : tensor<1x4x16x8xf16>
}

// -----

func.func @head_dim(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x4xf16>, %v: tensor<1x2x16x4xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op key head dim (dim 3) is 4 but query needs 8}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x4xf16>, tensor<1x2x16x4xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @value_shape(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x8x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op value shape 'tensor<1x2x8x8xf16>' must equal key shape 'tensor<1x2x16x8xf16>'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x8x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @result_type(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x4xf16> {
  // expected-error @+1 {{'sattn.attention' op result type 'tensor<1x2x16x4xf16>' must equal query type 'tensor<1x2x16x8xf16>'}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x4xf16>
  return %0 : tensor<1x2x16x4xf16>
}

// -----

func.func @scale(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op scale must be positive and finite, got -1}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>, scale = -1.0 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @more_queries_than_keys(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x8x8xf16>, %v: tensor<1x2x8x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op has 16 queries but only 8 keys}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xf16>, tensor<1x2x8x8xf16>, tensor<1x2x8x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @global_out_of_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{pattern does not fit 16 queries x 16 keys x 2 heads: global_tokens[0] = 16 is out of range [0, 16) keys}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<global_tokens = [16]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @global_block_out_of_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{global_tokens[0] = 4 is out of range [0, 4) key blocks}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<global_tokens = [4], block = 4>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @sinks_out_of_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{sinks = 17 is out of range [0, 16] keys}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<sinks = 17>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_out_of_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random = 5 is out of range [0, 4] key blocks}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [0, 0], random = 5, block = 4>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_cols_count(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random_cols has 1 entries but needs one per query block position}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<random_cols = [[0]], block = 4>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @random_cols_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{random_cols[1][0] = 9 is out of range [0, 4) key blocks}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<random_cols = [[0], [9], [], []], block = 4>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @dense_head_range(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{dense_heads[0] = 2 is out of range [0, 2) heads}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], dense_heads = [2]>} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @rank(%q: tensor<2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<2x16x8xf16> {
  // expected-error @+1 {{'sattn.attention' op operand #0 must be 4D tensor of 16-bit float or 32-bit float values}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<2x16x8xf16>
  return %0 : tensor<2x16x8xf16>
}

// -----

func.func @element_type_kind(%q: tensor<1x2x16x8xi8>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xi8> {
  // expected-error @+1 {{'sattn.attention' op operand #0 must be 4D tensor of 16-bit float or 32-bit float values}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x8xi8>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xi8>
  return %0 : tensor<1x2x16x8xi8>
}

// -----

func.func @sddmm_scores(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op scores columns (dim 3) is 8 but key needs 16}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @sddmm_scale(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.sddmm' op scale must be positive and finite, got 0}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.0 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @softmax_pattern(%s: tensor<1x2x16x16xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.softmax' op pattern does not fit 16 queries x 16 keys x 2 heads: sinks = 20 is out of range [0, 16] keys}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<sinks = 20>} : tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @spmm_keys(%p: tensor<1x2x16x16xf16>, %v: tensor<1x2x8x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.spmm' op value keys (dim 2) is 8 but probs needs 16}}
  %0 = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x16xf16>, tensor<1x2x8x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @spmm_result(%p: tensor<1x2x16x16xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x4xf16> {
  // expected-error @+1 {{'sattn.spmm' op result head dim (dim 3) is 4 but value needs 8}}
  %0 = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x16xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x4xf16>
  return %0 : tensor<1x2x16x4xf16>
}

// -----

// The parts of a decomposed attention must exist in its problem.
func.func @part_no_globals(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.sddmm' op selects rows = global, but the pattern has no global_tokens}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, rows = #sattn.rows<global>, scale = 0.5 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @part_decode_rows(%s: tensor<1x2x1x16xf16>) -> tensor<1x2x1x16xf16> {
  // expected-error @+1 {{'sattn.softmax' op selects rows = non_global, but a decoding problem (1 queries x 16 keys) splits every row by columns; use rows = all}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, rows = #sattn.rows<non_global>} : tensor<1x2x1x16xf16>
  return %0 : tensor<1x2x1x16xf16>
}

// -----

func.func @part_no_dense_heads(%s: tensor<1x2x16x16xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.softmax' op selects heads = dense, but the pattern has no dense_heads}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1]>, heads = #sattn.heads<dense>} : tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @part_no_sparse_heads(%s: tensor<1x2x16x16xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.softmax' op selects heads = sparse, but every one of its 2 heads is a dense head}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1], dense_heads = [0, 1]>, heads = #sattn.heads<sparse>} : tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @part_dense_rows(%s: tensor<1x2x16x16xf16>) -> tensor<1x2x16x16xf16> {
  // expected-error @+1 {{'sattn.softmax' op selects rows = global of the dense heads, whose rows all attend every key; use rows = all}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>, heads = #sattn.heads<dense>} : tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

func.func @part_without_init(%p: tensor<1x2x16x16xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.spmm' op computes a part of the output, so it needs `into` an init tensor holding the other parts}}
  %0 = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, rows = #sattn.rows<global>} : tensor<1x2x16x16xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

func.func @init_type(%p: tensor<1x2x16x16xf16>, %v: tensor<1x2x16x8xf16>, %init: tensor<1x2x16x8xf32>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{'sattn.spmm' op init type 'tensor<1x2x16x8xf32>' must equal result type 'tensor<1x2x16x8xf16>'}}
  %0 = sattn.spmm %p, %v into %init {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x16x16xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf32> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

// Counts past int64 are refused before any pass multiplies them: here the
// query's bytes, 2 x 2^32 x 2^32 x 64.
func.func @query_bytes_overflow(%q: tensor<4294967296x4294967296x1x64xf16>, %k: tensor<4294967296x4294967296x16x64xf16>, %v: tensor<4294967296x4294967296x16x64xf16>) -> tensor<4294967296x4294967296x1x64xf16> {
  // expected-error @+1 {{'sattn.attention' op query 'tensor<4294967296x4294967296x1x64xf16>' has more bytes than int64 counts}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<4294967296x4294967296x1x64xf16>, tensor<4294967296x4294967296x16x64xf16>, tensor<4294967296x4294967296x16x64xf16> -> tensor<4294967296x4294967296x1x64xf16>
  return %0 : tensor<4294967296x4294967296x1x64xf16>
}

// -----

// Each tensor fits, but its 2^40 x 2^40 scores do not.
func.func @scores_overflow(%q: tensor<1x1x1099511627776x64xf16>, %k: tensor<1x1x1099511627776x64xf16>, %v: tensor<1x1x1099511627776x64xf16>) -> tensor<1x1x1099511627776x64xf16> {
  // expected-error @+1 {{'sattn.attention' op has 1 x 1 x 1099511627776 x 1099511627776 scores (batch x heads x queries x keys), more bytes than int64 counts}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x1x1099511627776x64xf16>, tensor<1x1x1099511627776x64xf16>, tensor<1x1x1099511627776x64xf16> -> tensor<1x1x1099511627776x64xf16>
  return %0 : tensor<1x1x1099511627776x64xf16>
}
