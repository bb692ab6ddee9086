#!/usr/bin/env python3
"""Writes the busybox initramfs of scripts/fetch-linux to stdout: a newc
cpio archive whose every header field is fixed here (inode numbers, modes,
owners, link counts, times), so its bytes depend on busybox alone, not on
the file system, the umask or the cpio program.

usage: mkinitramfs.py BUSYBOX
"""
import sys

INIT = b"""#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "arm64emu initramfs: $(uname -sr) on $(nproc) CPU(s)"
exec setsid cttyhack sh
"""

DIR, FILE = 0o040755, 0o100755
# (path, mode, contents), in the order `find . | LC_ALL=C sort` lists them.
def entries(busybox):
    dirs = ["bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr",
            "usr/bin", "usr/sbin"]
    items = [(".", DIR, b"")] + [(d, DIR, b"") for d in dirs]
    items += [("bin/busybox", FILE, busybox), ("init", FILE, INIT)]
    return sorted(items, key=lambda e: e[0].encode())


def pad4(n):
    return (4 - n % 4) % 4


def member(ino, path, mode, data, nlink):
    name = path.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name), 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields)
    return (head + name + b"\0" * pad4(len(head) + len(name)) +
            data + b"\0" * pad4(len(data)))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        busybox = f.read()
    out = bytearray()
    items = entries(busybox)
    for ino, (path, mode, data) in enumerate(items, start=1):
        subdirs = sum(1 for p, m, _ in items if m == DIR and p != path and
                      (p.rsplit("/", 1)[0] if "/" in p else ".") == path)
        out += member(ino, path, mode, data, 2 + subdirs if mode == DIR else 1)
    out += member(0, "TRAILER!!!", 0, b"", 1)
    out += b"\0" * pad4(len(out))
    sys.stdout.buffer.write(bytes(out))


if __name__ == "__main__":
    main()
