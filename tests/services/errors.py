"""Errors shared by the launchers and the test bed."""


class ServiceError(RuntimeError):
    """A service was there but did not start or answer in time: the run must fail."""


class ServiceUnavailable(RuntimeError):
    """A service's program is missing and cannot be installed here: tests needing it skip."""
