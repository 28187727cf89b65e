"""Writes the .npy files the NPY reader is tested on, with NumPy's own writer.

Run from this folder: python3 make_npy_fixtures.py  (numpy >= 1.17). The expected values are simple
formulas the Swift tests recompute: element i (in C order) equals i * 0.5 - 3 for floats, i - 3 for ints.
"""
import numpy as np
from numpy.lib import format as npformat


def values(shape, dtype):
    n = int(np.prod(shape))
    base = np.arange(n, dtype=np.float64)
    data = base * 0.5 - 3 if np.dtype(dtype).kind == "f" else base - 3
    return data.astype(dtype).reshape(shape)


np.save("f4_2d.npy", values((4, 3), "<f4"))
np.save("f8_2d.npy", values((4, 3), "<f8"))
np.save("i4_1d.npy", values((7,), "<i4"))
np.save("i8_1d.npy", values((7,), "<i8"))
np.save("f4_big_endian.npy", values((4, 3), ">f4"))
np.save("f8_fortran.npy", np.asfortranarray(values((4, 3), "<f8")))
np.save("u1_1d.npy", np.arange(5, dtype="|u1"))
np.save("c8_unsupported.npy", np.zeros(3, dtype=np.complex64))
with open("f4_v2.npy", "wb") as f:
    npformat.write_array(f, values((4, 3), "<f4"), version=(2, 0))
# A header that promises more data than the file holds.
with open("f4_2d.npy", "rb") as f:
    whole = f.read()
with open("truncated.npy", "wb") as f:
    f.write(whole[:-10])
