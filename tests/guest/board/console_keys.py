"""arm64emu-boot's console on a terminal (a pseudo-terminal here): Ctrl-A s
saves a snapshot and the guest goes on, Ctrl-A x quits with status 130, the
saved file restores.

usage: console_keys.py ARM64EMU_BOOT DEMO_BIN
"""
import os
import pty
import select
import subprocess
import sys
import tempfile
import time


def spawn(argv, cwd):
    """Runs argv on a new pseudo-terminal; returns (process, master fd)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                         close_fds=True)
    os.close(slave)
    return p, master


def read_until(master, text, seen, timeout=30.0):
    """Reads the terminal into seen (a bytearray) until text appears."""
    end = time.monotonic() + timeout
    while text not in seen:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError("no %r within %.0f s; the terminal showed:\n%s"
                                 % (text, timeout, seen.decode(errors="replace")))
        r, _, _ = select.select([master], [], [], left)
        if r:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other side closed
                chunk = b""
            if not chunk:
                raise AssertionError("the terminal closed before %r:\n%s"
                                     % (text, seen.decode(errors="replace")))
            seen += chunk


def main():
    boot, demo = (os.path.abspath(a) for a in sys.argv[1:3])
    with tempfile.TemporaryDirectory() as tmp:
        # Ctrl-A s while the demo waits for a line; the line still arrives.
        p, master = spawn([boot, "--kernel", demo], tmp)
        seen = bytearray()
        read_until(master, b"type a line: ", seen)
        os.write(master, b"\x01s")
        read_until(master, b".snap' at ", seen)
        snaps = [f for f in os.listdir(tmp) if f.startswith("arm64emu-") and f.endswith(".snap")]
        assert len(snaps) == 1, "Ctrl-A s wrote %r" % snaps
        os.write(master, b"hi\r")
        read_until(master, b"you typed: hi", seen)
        assert p.wait(timeout=30) == 0, "exit status %s" % p.returncode
        os.close(master)

        # Ctrl-A x quits with 130.
        p, master = spawn([boot, "--kernel", demo], tmp)
        seen = bytearray()
        read_until(master, b"type a line: ", seen)
        os.write(master, b"\x01x")
        read_until(master, b"quit (Ctrl-A x)", seen)
        assert p.wait(timeout=30) == 130, "Ctrl-A x: exit status %s" % p.returncode
        os.close(master)

        # The snapshot restores and takes the line the first run took.
        r = subprocess.run([boot, "--restore", snaps[0]], cwd=tmp, input=b"hello\r",
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        out = r.stdout.decode(errors="replace")
        assert r.returncode == 0, "restore: status %d\n%s%s" % (
            r.returncode, out, r.stderr.decode(errors="replace"))
        assert "you typed: hello" in out and "powering off" in out, out
    print("ok: Ctrl-A s saved %s and the guest went on, Ctrl-A x quit (130), "
          "the snapshot restored" % snaps[0])


if __name__ == "__main__":
    main()
