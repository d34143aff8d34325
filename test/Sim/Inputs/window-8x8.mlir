// One head, 8 queries x 8 keys, d = 16, window [1, 1]: the attention whose
// naive schedule test/Sim/io-model.mlir spells out for bank 1.
func.func @window(%q: tensor<1x1x8x16xf16>, %k: tensor<1x1x8x16xf16>, %v: tensor<1x1x8x16xf16>) -> tensor<1x1x8x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x16xf16>
  return %0 : tensor<1x1x8x16xf16>
}
