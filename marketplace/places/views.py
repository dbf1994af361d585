"""Choosing a commune after its province, with and without JavaScript.

- ``communes``: the communes of one province as JSON, for the province list's script to
  fill the commune list in place (public, cached: the list changes only with a new
  dataset).
- ``ChooseProvinceMixin``: for form views with a province and a commune. Without
  JavaScript the "Show its communes" button under the province submits the form; the
  view shows it again with everything typed kept, the commune list filled, and no errors.
  That button is the form's first, so it is also the one Enter presses: when the form is
  already complete, the button saves it like the form's own button would.
"""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic.edit import BaseUpdateView

from marketplace.text import sorted_vietnamese

from .models import Commune

REFRESH = "choose_province"


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def communes(request):
    raw = request.GET.get("tinh", "")
    rows = Commune.objects.filter(province_id=raw) if raw.isdigit() else Commune.objects.none()
    ordered = sorted_vietnamese(rows.select_related("province"), name=lambda c: c.name)
    # Labelled as the form's own list labels them ("Xã Vĩnh Tuy, Tuyên Quang").
    return JsonResponse({"communes": [[commune.pk, str(commune)] for commune in ordered]})


class ChooseProvinceMixin:
    """Answer the "Show communes" button by showing the form again, unsaved and without
    errors, its commune list filled for the chosen province."""

    def post(self, request, *args, **kwargs):
        if REFRESH not in request.POST:
            return super().post(request, *args, **kwargs)
        self.object = self.get_object() if isinstance(self, BaseUpdateView) else None
        kwargs = self.get_form_kwargs()
        if self.get_form_class()(**kwargs).is_valid():  # complete: Enter means "save"
            return super().post(request, *args, **kwargs)
        data = kwargs.pop("data")
        kwargs.pop("files", None)
        kwargs["initial"] = {**kwargs.get("initial", {}), **data.dict()}
        form = self.get_form_class()(**kwargs)
        return self.render_to_response(self.get_context_data(form=form))
