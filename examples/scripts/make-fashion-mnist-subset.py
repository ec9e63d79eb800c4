#!/usr/bin/env python3
"""Writes the embedded Fashion-MNIST subset (first 10,000 train, first 2,000 test examples) in IDX format.

Usage: make-fashion-mnist-subset.py SOURCE_DIR OUTPUT_DIR
SOURCE_DIR holds the official gzipped IDX files (e.g. ../shared/datasets/fashion-mnist).
"""
import gzip
import struct
import sys


def main(src, dst):
    for kind, n in (("train", 10000), ("t10k", 2000)):
        with gzip.open(f"{src}/{kind}-images-idx3-ubyte.gz", "rb") as f:
            img = f.read()
        with gzip.open(f"{src}/{kind}-labels-idx1-ubyte.gz", "rb") as f:
            lab = f.read()
        magic, _, rows, cols = struct.unpack(">IIII", img[:16])
        assert magic == 2051, "not an IDX image file"
        assert struct.unpack(">I", lab[:4])[0] == 2049, "not an IDX label file"
        images = struct.pack(">IIII", 2051, n, rows, cols) + img[16:16 + n * rows * cols]
        labels = struct.pack(">II", 2049, n) + lab[8:8 + n]
        for name, data in ((f"{kind}-images-idx3-ubyte.gz", images), (f"{kind}-labels-idx1-ubyte.gz", labels)):
            with gzip.GzipFile(f"{dst}/{name}", "wb", mtime=0, compresslevel=9) as f:
                f.write(data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
