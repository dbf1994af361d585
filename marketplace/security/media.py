"""Serving public uploads (product photos, story images) from Django.

Only used when ``SERVE_MEDIA`` is on (the embedded demo, small installs). Whatever ends
up under MEDIA_ROOT, only image and PDF files are served, each with a sandboxing policy,
so an uploaded page or SVG can never run script on the site's origin. Private papers (ID
documents, certificate scans) are not under MEDIA_ROOT at all: they are read only by the
views that check who asks.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

SAFE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
    ".pdf": "application/pdf",
}
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_public_media(request, path):
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in SAFE_TYPES:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = SAFE_TYPES[suffix]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    if suffix == ".pdf":
        response["Content-Disposition"] = "attachment"
    return response
