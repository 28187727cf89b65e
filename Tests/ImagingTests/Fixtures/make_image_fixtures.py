"""Image fixtures for the Imaging tests, written by PIL (Pillow) and NumPy.

Run from this folder: python3 make_image_fixtures.py  (numpy, Pillow).
Every image holds the same 12 × 8 pattern: value(x, y) = (x * 17 + y * 29) % 256 in each channel it has
(16-bit: times 257), so the Swift tests can recompute the expected pixels. Also writes a PIL resize
reference in float mode and a few broken files.
"""
import json

import numpy as np
from PIL import Image

w, h = 12, 8
yy, xx = np.mgrid[0:h, 0:w]
base = ((xx * 17 + yy * 29) % 256).astype(np.uint8)

Image.fromarray(base, "L").save("gray8.png")
Image.fromarray(base.astype(np.uint16) * 257).save("gray16.png")  # mode I;16
Image.fromarray(np.dstack([base, np.full_like(base, 200)]), "LA").save("gray_alpha.png")
Image.fromarray(np.dstack([base, base, base]), "RGB").save("rgb8.png")
Image.fromarray(np.dstack([base, base, base, np.full_like(base, 77)]), "RGBA").save("rgba8.png")
Image.fromarray(base, "L").convert("P").save("palette.png")
Image.fromarray((base > 127).astype(np.uint8) * 255, "L").convert("1").save("bilevel.png")
Image.fromarray(base, "L").save("gray.jpg", quality=100)
Image.fromarray(np.dstack([base, base, base]), "RGB").save("rgb.jpg", quality=100)

# Broken files: a truncated PNG, a truncated JPEG, text with a .png name, an empty file.
data = open("rgb8.png", "rb").read()
open("truncated.png", "wb").write(data[: len(data) // 2])
data = open("rgb.jpg", "rb").read()
open("truncated.jpg", "wb").write(data[: len(data) // 2])
open("not_an_image.png", "w").write("id,label\n1,2\n")
open("empty.png", "wb").close()

# PIL's antialiased bilinear resize on a float image (mode F: no 8-bit rounding), down and up.
rng = np.random.RandomState(0)
src = rng.uniform(0, 1, size=(37, 53)).astype(np.float32)
np.save("resize_source.npy", src)
out = {}
for (tw, th) in [(20, 11), (60, 40), (7, 30)]:
    out[f"{tw}x{th}"] = np.asarray(Image.fromarray(src, "F").resize((tw, th), Image.BILINEAR)).astype(float).ravel().tolist()
with open("resize.json", "w") as f:
    json.dump(out, f)

# Headers asking for more than the decoder's 100-megapixel limit (found by fuzzing: a JPEG header asking
# for 4 GB): a 20000 × 20000 PNG with almost no data, and gray.jpg with its frame size patched to
# 65000 × 65000. Neither may allocate its pixels.
import struct
import zlib


def chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
open("huge.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
                             + chunk(b"IEND", b""))
jpeg = bytearray(open("gray.jpg", "rb").read())
sof = jpeg.index(b"\xff\xc0")
jpeg[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
open("huge.jpg", "wb").write(bytes(jpeg))
