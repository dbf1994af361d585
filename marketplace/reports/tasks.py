"""Background computation of area reports; the task lives beside the code it runs
(``snapshots``) and is named here so the worker finds it."""

from .snapshots import compute_report

__all__ = ["compute_report"]
