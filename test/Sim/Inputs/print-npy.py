"""Prints a .npy file's dtype, shape and values, for FileCheck."""

import sys

import numpy as np

array = np.load(sys.argv[1])
print(f"dtype {array.dtype} shape {list(array.shape)}")
print("values", [float(v) for v in array.reshape(-1)])
