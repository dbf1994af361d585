"""Fixtures of the report tests: the hand-computed world lives in ``world``."""

from tests.reports.world import world  # noqa: F401
