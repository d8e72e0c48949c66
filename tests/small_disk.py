"""A real small file system for tests of a full or read-only disk, without root.

util-linux's `unshare` mounts a tmpfs in a private mount namespace of a small holder
process (a user namespace makes that allowed to any user where the kernel permits them,
as Debian's does); this process reaches it through /proc/PID/root, so every write the
archive makes meets the real file system: ENOSPC when it is full, EROFS once remounted
read-only. Nothing is left mounted: the mount ends with the holder.
"""
import errno
import shutil
import subprocess
from pathlib import Path

import pytest

# The holder mounts, says "ready", then runs one command a line (remount read-only, ...).
HOLDER = ('mount -t tmpfs -o size="$2" tmpfs "$1" && echo ready && '
          'while read -r cmd; do if eval "$cmd"; then echo ok; else echo failed; fi; done')


class SmallDisk:
    def __init__(self, mountpoint, size):
        self.holder = subprocess.Popen(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", HOLDER, "sh",
             str(mountpoint), size],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.ready = self.holder.stdout.readline().strip() == "ready"
        self.mountpoint = mountpoint
        # The holder's view of the mount point: its tmpfs, not the folder beneath.
        self.path = Path(f"/proc/{self.holder.pid}/root") / mountpoint.relative_to("/")

    def fill(self):
        """Write zeros until the file system says it is full (ENOSPC)."""
        with open(self.path / "filler", "wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * (1 << 20))
                    filler.flush()
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
        return self

    def free_space(self):
        (self.path / "filler").unlink()

    def remount(self, options):
        self.holder.stdin.write(f'mount -o remount,{options} "$1"\n')
        self.holder.stdin.flush()
        assert self.holder.stdout.readline().strip() == "ok", self.holder.stderr.read()

    def close(self):
        if self.holder.poll() is None:
            self.holder.stdin.close()
            self.holder.wait(timeout=10)


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB tmpfs of its own (see the module's docstring); skipped where the system
    allows no private mount (no `unshare`, or user namespaces turned off)."""
    if shutil.which("unshare") is None:
        pytest.skip("util-linux's unshare is not installed")
    mountpoint = tmp_path / "small-disk"
    mountpoint.mkdir()
    disk = SmallDisk(mountpoint, "24m")
    if not disk.ready:
        disk.close()
        pytest.skip("no private tmpfs here (user namespaces not allowed): "
                    + disk.holder.stderr.read().strip())
    yield disk
    disk.close()
