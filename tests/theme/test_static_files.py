"""Production static files: fingerprinted, compressed, cached for a year by browsers."""

import shutil

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

THEME_STATIC = settings.BASE_DIR / "themes" / "lang" / "static"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    """The theme's files collected as production's collectstatic does."""
    root = tmp_path / "static"
    shutil.copytree(THEME_STATIC, root)
    settings.STATIC_ROOT = str(root)
    settings.STORAGES = PRODUCTION_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.DEBUG = False
    source = FileSystemStorage(location=str(THEME_STATIC))
    paths = {
        str(path.relative_to(THEME_STATIC)): (source, str(path.relative_to(THEME_STATIC)))
        for path in THEME_STATIC.rglob("*")
        if path.is_file()
    }
    for original, processed, error in staticfiles_storage.post_process(paths):
        assert not isinstance(error, Exception), f"{original}: {error}"
    return root


def fetch(path: str, encoding: str):
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    request = RequestFactory().get(path, headers={"accept-encoding": encoding})
    return middleware(request)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_theme_css_is_fingerprinted_compressed_and_immutable(collected, encoding):
    url = staticfiles_storage.url("lang/lang.css")
    assert url != "/static/lang/lang.css", "the file name carries its content hash"
    response = fetch(url, f"{encoding}, deflate")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert len(body) < (collected / "lang" / "lang.css").stat().st_size / 2


def test_every_theme_file_survives_the_manifest(collected):
    # A url() to a missing file would have failed post-processing above; every file
    # also gets its compressed twins when compressing pays.
    names = {p.name for p in collected.rglob("*")}
    for path in THEME_STATIC.rglob("*.css"):
        hashed = staticfiles_storage.stored_name(str(path.relative_to(THEME_STATIC)))
        assert hashed.rsplit("/", 1)[-1] + ".br" in names
