"""Exceptions for the library's status codes.

Every failed call raises the subclass of Arm64EmuError for its status,
carrying the status and the library's message (arm64emu_last_error).
"""
from ._constants import Status


class Arm64EmuError(Exception):
    """A libarm64emu call failed. status is the Status, message the
    library's explanation (may be empty)."""

    def __init__(self, status, message=""):
        self.status = Status(status) if status in Status._value2member_map_ else status
        self.message = message
        super().__init__(message or str(status))

    def __str__(self):
        name = self.status.name if isinstance(self.status, Status) else str(self.status)
        return "%s: %s" % (name, self.message) if self.message else name


class InvalidArgumentError(Arm64EmuError, ValueError):
    """ARM64EMU_ERR_INVALID_ARGUMENT: a parameter is out of range or NULL."""


class OutOfMemoryError(Arm64EmuError, MemoryError):
    """ARM64EMU_ERR_NO_MEMORY: a host allocation failed."""


class UnmappedError(Arm64EmuError):
    """ARM64EMU_ERR_UNMAPPED: a guest address has no memory behind it."""


class OverlapError(Arm64EmuError):
    """ARM64EMU_ERR_OVERLAP: a new region overlaps an existing one."""


class UnknownModelError(Arm64EmuError, LookupError):
    """ARM64EMU_ERR_UNKNOWN_MODEL: no CPU model has that name."""


class UnknownRegisterError(Arm64EmuError, LookupError):
    """ARM64EMU_ERR_UNKNOWN_REGISTER: no register with that id/encoding."""


class BusyError(Arm64EmuError):
    """ARM64EMU_ERR_BUSY: not allowed while the machine runs."""


class UnsupportedError(Arm64EmuError, NotImplementedError):
    """ARM64EMU_ERR_UNSUPPORTED: a valid request, not implemented (also a
    function the loaded library does not have)."""


class BadSnapshotError(Arm64EmuError):
    """ARM64EMU_ERR_BAD_SNAPSHOT: a snapshot is damaged or refused."""


class IncompatibleError(Arm64EmuError):
    """ARM64EMU_ERR_INCOMPATIBLE: a snapshot does not fit this machine."""


class IOFailedError(Arm64EmuError, OSError):
    """ARM64EMU_ERR_IO: a read or write callback or file descriptor failed."""


ERRORS = {
    Status.ERR_INVALID_ARGUMENT: InvalidArgumentError,
    Status.ERR_NO_MEMORY: OutOfMemoryError,
    Status.ERR_UNMAPPED: UnmappedError,
    Status.ERR_OVERLAP: OverlapError,
    Status.ERR_UNKNOWN_MODEL: UnknownModelError,
    Status.ERR_UNKNOWN_REGISTER: UnknownRegisterError,
    Status.ERR_BUSY: BusyError,
    Status.ERR_UNSUPPORTED: UnsupportedError,
    Status.ERR_BAD_SNAPSHOT: BadSnapshotError,
    Status.ERR_INCOMPATIBLE: IncompatibleError,
    Status.ERR_IO: IOFailedError,
}


def error_for(status, message=""):
    """The exception for a negative status code."""
    return ERRORS.get(status, Arm64EmuError)(status, message)
