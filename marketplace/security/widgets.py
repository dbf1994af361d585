"""Form widgets for files kept in private storage."""

from django import forms


class PrivateFileInput(forms.FileInput):
    """A file input for a file with no public URL (ID papers, certificate scans).

    Django's clearable input links to the stored file's ``url``, which private storage
    refuses, so any form showing a paper already sent failed with a server error. This
    input never renders the stored file; the page says a paper is attached, and the paper
    opens only through the views that check who may see it. Without a new upload the
    field keeps the paper sent before.
    """
