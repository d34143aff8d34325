// RUN: pilot-opt %s --sattn-decompose -split-input-file | FileCheck %s --implicit-check-not=sattn.attention

// A window alone is one part: no init, no part attributes.
// CHECK-LABEL: func.func @window_only
// CHECK-NOT:   tensor.empty
// CHECK:       %[[S:.+]] = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [2, 2]>, scale = 2.500000e-01 : f64} : tensor<1x2x16x16xf16>, tensor<1x2x16x16xf16> -> tensor<1x2x16x16xf16>
// CHECK:       %[[P:.+]] = sattn.softmax %[[S]] {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>
// CHECK:       %[[O:.+]] = sattn.spmm %[[P]], %arg2 {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>, tensor<1x2x16x16xf16> -> tensor<1x2x16x16xf16>
// CHECK:       return %[[O]]
func.func @window_only(%q: tensor<1x2x16x16xf16>, %k: tensor<1x2x16x16xf16>, %v: tensor<1x2x16x16xf16>) -> tensor<1x2x16x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>, tensor<1x2x16x16xf16>, tensor<1x2x16x16xf16> -> tensor<1x2x16x16xf16>
  return %0 : tensor<1x2x16x16xf16>
}

// -----

// Window extents past the sequence attend nothing more: the parts carry
// them cut to the key blocks less one (16 tokens in blocks of 4: 3), and the
// other components as they were.
// CHECK-LABEL: func.func @wide_window
// CHECK:       sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [3, 0], sinks = 1, block = 4>
// CHECK:       sattn.softmax {{.*}}{pattern = #sattn.pattern<causal = true, window = [3, 0], sinks = 1, block = 4>}
// CHECK:       sattn.spmm {{.*}}{pattern = #sattn.pattern<causal = true, window = [3, 0], sinks = 1, block = 4>}
func.func @wide_window(%q: tensor<1x1x16x16xf16>, %k: tensor<1x1x16x16xf16>, %v: tensor<1x1x16x16xf16>) -> tensor<1x1x16x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [9223372036854775807, 0], sinks = 1, block = 4>} : tensor<1x1x16x16xf16>, tensor<1x1x16x16xf16>, tensor<1x1x16x16xf16> -> tensor<1x1x16x16xf16>
  return %0 : tensor<1x1x16x16xf16>
}

// -----

// Prefill with a global token: the non-global rows, then the global rows,
// each writing its rows into the other's result. The scale keeps its value.
// CHECK-LABEL: func.func @longformer
// CHECK:       %[[E:.+]] = tensor.empty() : tensor<1x2x16x8xf16>
// CHECK:       %[[S0:.+]] = sattn.sddmm %arg0, %arg1 {{{.*}}rows = #sattn.rows<non_global>, scale = 5.000000e-01 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x16xf16>
// CHECK:       %[[P0:.+]] = sattn.softmax %[[S0]] {{{.*}}rows = #sattn.rows<non_global>}
// CHECK:       %[[O0:.+]] = sattn.spmm %[[P0]], %arg2 into %[[E]] {{{.*}}rows = #sattn.rows<non_global>}
// CHECK:       %[[S1:.+]] = sattn.sddmm %arg0, %arg1 {{{.*}}rows = #sattn.rows<global>
// CHECK:       %[[P1:.+]] = sattn.softmax %[[S1]] {{{.*}}rows = #sattn.rows<global>}
// CHECK:       %[[O1:.+]] = sattn.spmm %[[P1]], %arg2 into %[[O0]] {{{.*}}rows = #sattn.rows<global>}
// CHECK:       return %[[O1]]
func.func @longformer(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 1], global_tokens = [0]>, scale = 0.5 : f64} : tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16> -> tensor<1x2x16x8xf16>
  return %0 : tensor<1x2x16x8xf16>
}

// -----

// DuoAttention: the streaming heads and the dense heads are parts of their
// own; the dense heads' rows all attend every (earlier) key, so they are not
// split further.
// CHECK-LABEL: func.func @duo_prefill
// CHECK:       %[[E:.+]] = tensor.empty()
// CHECK:       sattn.sddmm {{.*}}heads = #sattn.heads<sparse>
// CHECK:       sattn.softmax {{.*}}heads = #sattn.heads<sparse>
// CHECK:       %[[O0:.+]] = sattn.spmm {{.*}} into %[[E]] {heads = #sattn.heads<sparse>
// CHECK:       sattn.sddmm {{.*}}heads = #sattn.heads<dense>
// CHECK-NOT:   #sattn.rows
// CHECK:       %[[O1:.+]] = sattn.spmm {{.*}} into %[[O0]] {heads = #sattn.heads<dense>
// CHECK:       return %[[O1]]
func.func @duo_prefill(%q: tensor<1x4x16x8xf16>, %k: tensor<1x4x16x8xf16>, %v: tensor<1x4x16x8xf16>) -> tensor<1x4x16x8xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [3, 0], sinks = 2, dense_heads = [0, 1]>} : tensor<1x4x16x8xf16>, tensor<1x4x16x8xf16>, tensor<1x4x16x8xf16> -> tensor<1x4x16x8xf16>
  return %0 : tensor<1x4x16x8xf16>
}

// -----

// Decoding splits every row by columns: global tokens make no part of
// their own.
// CHECK-LABEL: func.func @decode
// CHECK-NOT:   tensor.empty
// CHECK-NOT:   #sattn.rows
// CHECK:       sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [2, 1], global_tokens = [0]>, scale = {{.*}}} : tensor<2x2x1x8xf16>, tensor<2x2x16x8xf16> -> tensor<2x2x1x16xf16>
// CHECK:       sattn.spmm
func.func @decode(%q: tensor<2x2x1x8xf16>, %k: tensor<2x2x16x8xf16>, %v: tensor<2x2x16x8xf16>) -> tensor<2x2x1x8xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 1], global_tokens = [0]>} : tensor<2x2x1x8xf16>, tensor<2x2x16x8xf16>, tensor<2x2x16x8xf16> -> tensor<2x2x1x8xf16>
  return %0 : tensor<2x2x1x8xf16>
}

// -----

// When every head is dense the sparse part is empty: one dense part, whose
// heads attend every key (the window applies to no head).
// CHECK-LABEL: func.func @all_dense
// CHECK:       %[[E:.+]] = tensor.empty() : tensor<1x2x8x8xf16>
// CHECK:       sattn.sddmm %arg0, %arg1 {heads = #sattn.heads<dense>
// CHECK-NOT:   #sattn.heads<sparse>
// CHECK:       sattn.spmm {{.*}} into %[[E]] {heads = #sattn.heads<dense>
func.func @all_dense(%q: tensor<1x2x8x8xf16>, %k: tensor<1x2x8x8xf16>, %v: tensor<1x2x8x8xf16>) -> tensor<1x2x8x8xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [1, 0], dense_heads = [0, 1]>} : tensor<1x2x8x8xf16>, tensor<1x2x8x8xf16>, tensor<1x2x8x8xf16> -> tensor<1x2x8x8xf16>
  return %0 : tensor<1x2x8x8xf16>
}

// -----

// When every query row is global there are no non-global rows: one part of
// global rows, which still writes into an init tensor.
// CHECK-LABEL: func.func @every_row_global
// CHECK:       %[[E:.+]] = tensor.empty() : tensor<1x1x8x16xf16>
// CHECK:       sattn.sddmm {{.*}}rows = #sattn.rows<global>
// CHECK-NOT:   #sattn.rows<non_global>
// CHECK:       sattn.spmm {{.*}} into %[[E]] {{{.*}}rows = #sattn.rows<global>}
func.func @every_row_global(%q: tensor<1x1x8x16xf16>, %k: tensor<1x1x8x16xf16>, %v: tensor<1x1x8x16xf16>) -> tensor<1x1x8x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<global_tokens = [0, 1], block = 4>} : tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x16xf16>
  return %0 : tensor<1x1x8x16xf16>
}
