#!/usr/bin/env python3
"""Snapshots of a booted Linux, ours against QEMU's, in the same run.

Boots Debian 12's cloud kernel with the busybox initramfs
(scripts/fetch-linux) to the shell prompt and saves the whole machine:
 - arm64emu-boot: a script's `save` at the prompt, self-contained and with
   --snapshot-refs kernel,initrd (the file names the images instead of
   holding them; zstd level 3, the default);
 - qemu-system-aarch64 -M virt -cpu max (TCG): `stop`, then
   `migrate "exec:cat > FILE"` on the monitor (QEMU's savevm needs a qcow2
   disk; a migration stream is the same state), the time being the "total
   time" `info migrate` reports.
Then restores each file in a new process and times, from the process start,
until the restored shell answers `echo answer=$((6*7))`.

usage: bench/linux-snapshot/run.py [-b BUILD_DIR] [-r RUNS] [--ram SIZE]
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APPEND = "console=ttyAMA0 panic=-1"
ASK = b"echo answer=$((6*7))\n"


def images():
    out = subprocess.run([os.path.join(ROOT, "scripts", "fetch-linux"), "--cloud-only"],
                         check=True, stdout=subprocess.PIPE).stdout.decode().split()[-1]
    return os.path.join(out, "Image-cloud"), os.path.join(out, "initrd.gz")


def ours_save(boot, kernel, initrd, ram, tmp, refs):
    name = os.path.join(tmp, "ours-refs.snap" if refs else "ours.snap")
    script = os.path.join(tmp, "save.script")
    with open(script, "w") as f:
        f.write("expect / # \nsave %s\nquit\n" % name)
    args = [boot, "--kernel", kernel, "--initrd", initrd, "--ram", ram,
            "--append", APPEND, "--script", script]
    if refs:
        args += ["--snapshot-refs", "kernel,initrd"]
    r = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, check=True)
    took = float(re.search(rb"\(in ([0-9.]+) s\)", r.stderr).group(1))
    return name, took


def ours_restore(boot, snap, kernel, initrd, tmp, refs):
    script = os.path.join(tmp, "ask.script")
    with open(script, "w") as f:
        f.write("send echo answer=$((6*7))\\n\nexpect answer=42\nquit\n")
    images = ["--kernel", kernel, "--initrd", initrd] if refs else []
    t0 = time.monotonic()
    r = subprocess.run([boot, "--restore", snap] + images +
                       ["--script", script], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    took = time.monotonic() - t0
    assert b"answer=42" in r.stdout, r.stdout[-500:]
    return took


class Qemu:
    """qemu-system-aarch64 with its serial port and monitor on Unix sockets."""

    def __init__(self, qemu, kernel, initrd, ram, tmp, incoming=None):
        self.tmp = tmp
        ser, mon = os.path.join(tmp, "ser.sock"), os.path.join(tmp, "mon.sock")
        for p in (ser, mon):
            if os.path.exists(p):
                os.unlink(p)
        args = [qemu, "-M", "virt,gic-version=3", "-cpu", "max", "-m", ram,
                "-display", "none", "-kernel", kernel, "-initrd", initrd,
                "-append", APPEND,
                "-serial", "unix:%s,server=on,wait=off" % ser,
                "-monitor", "unix:%s,server=on,wait=off" % mon]
        if incoming:
            args += ["-incoming", "exec:cat %s" % incoming]
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.ser = self._connect(ser)
        self.mon = self._connect(mon)
        self.mon_read(b"(qemu) ")

    def _connect(self, path):
        for _ in range(2000):
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(path)
                return s
            except OSError:
                if self.p.poll() is not None:
                    raise RuntimeError("qemu exited: %s" % self.p.stderr.read().decode())
                time.sleep(0.005)
        raise RuntimeError("no socket %s" % path)

    @staticmethod
    def _until(sock, text, seen, timeout=600):
        end = time.monotonic() + timeout
        while text not in seen:
            sock.settimeout(max(0.01, end - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("closed before %r" % text)
            seen += chunk
        return seen

    def serial_until(self, text, seen=None):
        return self._until(self.ser, text, seen if seen is not None else bytearray())

    def mon_read(self, text):
        return self._until(self.mon, text, bytearray())

    def monitor(self, cmd):
        self.mon.sendall(cmd.encode() + b"\n")
        return self.mon_read(b"(qemu) ").decode(errors="replace")

    def close(self):
        try:
            self.monitor("quit")
        except (OSError, RuntimeError):
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def qemu_save(qemu, kernel, initrd, ram, tmp):
    q = Qemu(qemu, kernel, initrd, ram, tmp)
    try:
        q.serial_until(b"/ # ")
        q.monitor("stop")
        name = os.path.join(tmp, "qemu.mig")
        q.monitor('migrate "exec:cat > %s"' % name)
        info = q.monitor("info migrate")
        while "Migration status: completed" not in info:
            time.sleep(0.005)
            info = q.monitor("info migrate")
        # QEMU's own measure of the migration (polling would add to it).
        return name, int(re.search(r"total time: (\d+) ms", info).group(1)) / 1000
    finally:
        q.close()


def qemu_restore(qemu, mig, kernel, initrd, ram, tmp):
    q = Qemu(qemu, kernel, initrd, ram, tmp, incoming=mig)
    try:
        # Without -S the VM runs by itself once the stream is loaded.
        status = q.monitor("info status")
        while "inmigrate" in status:
            time.sleep(0.002)
            status = q.monitor("info status")
        if "running" not in status:
            q.monitor("cont")
        q.ser.sendall(ASK)
        q.serial_until(b"answer=42")
        return time.monotonic() - q.t0
    finally:
        q.close()


def zstd_size(path):
    z = shutil.which("zstd")
    if not z:
        return None
    r = subprocess.run([z, "-3", "-c", path], stdout=subprocess.PIPE, check=True)
    return len(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-b", default=os.path.join(ROOT, "build-bench"), help="build directory")
    ap.add_argument("-r", type=int, default=3, help="runs per measurement (median)")
    ap.add_argument("--ram", default="512M")
    a = ap.parse_args()
    boot = os.path.join(a.b, "examples", "boot", "arm64emu-boot")
    if not os.access(boot, os.X_OK):
        sys.exit("no %s: build it (cmake --build %s --target arm64emu-boot)" % (boot, a.b))
    qemu = os.environ.get("QEMU_SYSTEM_AARCH64", "qemu-system-aarch64")
    kernel, initrd = images()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, refs in (("arm64emu-boot", False),
                            ("arm64emu-boot --snapshot-refs", True)):
            saves, loads = [], []
            for _ in range(a.r):
                snap, took = ours_save(boot, kernel, initrd, a.ram, tmp, refs)
                saves.append(took)
                loads.append(ours_restore(boot, snap, kernel, initrd, tmp, refs))
            size = os.path.getsize(snap)
            rows.append((label, size, size, statistics.median(saves),
                         statistics.median(loads)))
        saves, loads = [], []
        for _ in range(a.r):
            mig, took = qemu_save(qemu, kernel, initrd, a.ram, tmp)
            saves.append(took)
            loads.append(qemu_restore(qemu, mig, kernel, initrd, a.ram, tmp))
        size = os.path.getsize(mig)
        rows.append(("qemu-system-aarch64 (migrate)", size, zstd_size(mig) or size,
                     statistics.median(saves), statistics.median(loads)))
    print("Linux at the shell prompt, %s RAM, 1 CPU, median of %d" % (a.ram, a.r))
    print("%-32s %12s %14s %8s %12s" % ("emulator", "file MB", "zstd -3 MB", "save s",
                                        "restore s"))
    for label, size, zsize, save, load in rows:
        print("%-32s %12.2f %14.2f %8.3f %12.3f" % (label, size / 1e6, zsize / 1e6, save, load))
    print("restore s: from the start of a new process until the restored shell "
          "answers a command")


if __name__ == "__main__":
    main()
