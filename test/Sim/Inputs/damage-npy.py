"""Writes a damaged copy of a .npy file, for the simulator's error tests.

damage-npy.py IN OUT --version N         the format version byte set to N
damage-npy.py IN OUT --keep BYTES        only the first BYTES bytes
damage-npy.py IN OUT --drop BYTES        all but the last BYTES bytes
damage-npy.py IN OUT --header OLD NEW    OLD replaced by NEW in the header
                                         (re-padded: the length stays right)
"""

import argparse
import struct


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--version", type=int)
    parser.add_argument("--keep", type=int)
    parser.add_argument("--drop", type=int)
    parser.add_argument("--header", nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    with open(args.source, "rb") as f:
        data = f.read()
    if args.header:
        length = struct.unpack("<H", data[8:10])[0]
        header = data[10:10 + length].decode("latin-1").rstrip()
        header = header.replace(args.header[0], args.header[1])
        header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
        data = (data[:8] + struct.pack("<H", len(header)) +
                header.encode("latin-1") + data[10 + length:])
    if args.version is not None:
        data = data[:6] + bytes([args.version]) + data[7:]
    if args.keep is not None:
        data = data[:args.keep]
    if args.drop is not None:
        data = data[:-args.drop]
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
