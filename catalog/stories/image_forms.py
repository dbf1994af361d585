"""The CMS image form: uploads lose their location and camera metadata before storage.

Phones write the GPS position into every photo; Wagtail stores the original as sent and
serves it publicly. Set as ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so the single, multiple and
chooser uploads all pass through it.
"""

from wagtail.images.forms import BaseImageForm

from marketplace.security.images import without_metadata


class MetadataFreeImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # no new file: the stored one was cleaned when it came
        return without_metadata(upload)
