"""A computed report kept per scope and period, with the progress of its computation."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportSnapshot(models.Model):
    """The figures of one area (a commune, a province or the whole platform) for one period.

    Written only by ``marketplace.reports.snapshots``; ``final`` means it was computed after
    the period settled and is kept for good.
    """

    class Scope(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        PROVINCE = "province", _("Province")
        ALL = "all", _("Whole marketplace")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be computed")
        RUNNING = "running", _("Being computed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    scope = models.CharField(max_length=16, choices=Scope.choices)
    scope_id = models.PositiveIntegerField(default=0)  # 0 for the whole platform
    period = models.CharField(max_length=8)  # "2026-03" or "2026-Q1"
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=255, blank=True)
    final = models.BooleanField(default=False)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sellers_reportsnapshot"
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_id", "period"], name="one_report_per_scope_period"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.scope_id} {self.period} ({self.state})"

    @property
    def has_data(self) -> bool:
        return bool(self.data)
