"""``manage.py audit_consistency``: what in the data disagrees (see ``consistency``).

Prints one line per difference and exits with status 1 when there is any, so cron (or the
load run and the fault tests) can raise the alarm; exits 0 and says so when all agrees.
"""

import sys

from django.core.management.base import BaseCommand

from marketplace.operations import consistency


class Command(BaseCommand):
    help = (
        "Check that stock allocations match order lines, the ledger matches orders, refunds "
        "and payouts, kept reports match a fresh computation and private files match their "
        "records. Exit status 1 when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            choices=consistency.CHECKS,
            help="Run only this check (repeatable). Default: all of them.",
        )

    def handle(self, *args, **options):
        checks = options["only"] or consistency.CHECKS
        differences = consistency.run(checks)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            self.stderr.write(f"{len(differences)} difference(s) in: {', '.join(checks)}")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"All agrees: {', '.join(checks)}."))
