"""The operator's COD remittance queue: upload a carrier's statement file, and close each
line that was not credited by itself with one click (a POST that goes through a service)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.operations.access import operator_required

from . import remittance, selectors
from . import remittance_queue as queue
from .carriers import statement_file
from .carriers.http_carrier import HttpCarrier
from .models import RemittanceLine, RemittanceStatement


class StatementForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Statement number at the carrier"),
        max_length=64,
        help_text=gettext_lazy("As printed on the carrier's statement, e.g. DS-2612-0042."),
    )
    file = forms.FileField(
        label=gettext_lazy("Statement file (CSV)"),
        help_text=gettext_lazy(
            "The carrier's export: tracking code, client order code, cash collected, "
            "shipping fee, COD fee."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _page(request, form=None, status=200):
    page = Paginator(selectors.remittance_queue(), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "queue": page,
        "form": form or StatementForm(),
        "statements": selectors.remittance_recent(),
        "resolved": selectors.remittance_resolved(),
    }
    return render(request, "order/operator/remittances.html", context, status=status)


@operator_required
def remittance_queue(request):
    """Statement lines waiting for a decision, the statements imported, the upload form."""
    return _page(request)


@operator_required
@require_POST
def upload(request):
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        lines = statement_file.read(upload.read(statement_file.MAX_BYTES + 1))
        imported = remittance.import_statement(
            carrier=HttpCarrier.code,
            reference=form.cleaned_data["reference"],
            lines=lines,
            source=RemittanceStatement.Source.FILE,
            actor=request.user,
            file_name=upload.name,
        )
    except (statement_file.BadFile, remittance.RemittanceError) as exc:
        form.add_error("file", str(exc))
        return _page(request, form, status=400)
    statement = imported.statement
    if not imported.new:
        messages.info(
            request,
            _("Statement %(number)s was imported before: nothing changed.")
            % {"number": statement.reference},
        )
    else:
        messages.success(
            request,
            _(
                "Statement %(number)s imported: %(credited)s of %(lines)s lines credited, "
                "%(queued)s waiting below."
            )
            % {
                "number": statement.reference,
                "credited": statement.credited_count,
                "lines": statement.line_count,
                "queued": statement.line_count - statement.credited_count,
            },
        )
    return redirect("operations:remittances")


def _accept(request, line):
    line = queue.accept(line=line, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Line accepted: order %(number)s is credited.") % {
        "number": line.fulfilment.order.number
    }


def _assign(request, line):
    line = queue.assign(line=line, actor=request.user, code=request.POST.get("code", ""))
    if line.status == RemittanceLine.Status.ACCEPTED:
        return _("Line assigned: order %(number)s is credited.") % {
            "number": line.fulfilment.order.number
        }
    return _("Line assigned to order %(number)s: %(problem)s.") % {
        "number": line.fulfilment.order.number,
        "problem": line.get_problem_display(),
    }


def _dismiss(request, line):
    queue.dismiss(line=line, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Line dismissed.")


RESOLUTIONS = {"accept": _accept, "assign": _assign, "dismiss": _dismiss}


@operator_required
@require_POST
def resolve(request, pk, action):
    resolution = RESOLUTIONS.get(action)
    if resolution is None:
        raise Http404
    line = get_object_or_404(RemittanceLine, pk=pk)
    try:
        messages.success(request, resolution(request, line))
    except remittance.RemittanceError as exc:
        messages.error(request, str(exc))
    return redirect("operations:remittances")
