from django import forms
from django.urls import reverse


class ProvinceSelect(forms.Select):
    """A province list with a "Show its communes" button under it (for pages without
    JavaScript) and the small script that fills the form's commune list in place."""

    template_name = "places/province_select.html"

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-communes-url": reverse("places:communes")}
        return super().get_context(name, value, attrs)
