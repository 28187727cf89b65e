"""Fixtures for the safetensors reader, written by the reference `safetensors` package (numpy API).

Run from this folder: python3 make_safetensors_fixtures.py  (numpy, safetensors).
small.safetensors: "features.0.weight" F32 [2, 3, 3, 3] with value i * 0.25 - 1 for element i,
"features.0.bias" F16 [2] = [0.5, -2], plus metadata. bf16.safetensors is written by hand (numpy has no
bfloat16): "w" BF16 [3] = [1, -2.5, 0.15625]. Broken: truncated, gap between tensors.
"""
import json
import struct

import numpy as np
from safetensors.numpy import save_file

weight = (np.arange(54, dtype=np.float32) * 0.25 - 1).reshape(2, 3, 3, 3)
save_file({"features.0.weight": weight, "features.0.bias": np.array([0.5, -2], dtype=np.float16)},
          "small.safetensors", metadata={"format": "pt"})


def write_raw(path, header, payload):
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + payload)


bf16 = b"".join(struct.pack("<f", v)[2:] for v in [1.0, -2.5, 0.15625])
write_raw("bf16.safetensors", {"w": {"dtype": "BF16", "shape": [3], "data_offsets": [0, 6]}}, bf16)
write_raw("gap.safetensors", {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                              "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}, b"\0" * 12)
data = open("small.safetensors", "rb").read()
open("truncated.safetensors", "wb").write(data[:-20])
