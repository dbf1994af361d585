"""Stream links per platform: which hosts each accepts, and which can be embedded."""

import re
from urllib.parse import parse_qs, quote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HOSTS = {
    "facebook": {
        "facebook.com",
        "www.facebook.com",
        "m.facebook.com",
        "web.facebook.com",
        "fb.watch",
    },
    "tiktok": {"tiktok.com", "www.tiktok.com", "m.tiktok.com", "vt.tiktok.com", "vm.tiktok.com"},
    "youtube": {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"},
}
LABELS = {"facebook": "Facebook", "tiktok": "TikTok", "youtube": "YouTube"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def validate_stream_url(platform: str, url: str) -> None:
    """Raise ``ValidationError`` unless ``url`` is an https link on the platform's hosts."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(_("Enter a link that starts with https://."))
    allowed = HOSTS.get(platform)
    if allowed is not None and parts.hostname.lower() not in allowed:
        raise ValidationError(
            _("This link is not from %(platform)s. Copy the link from the app's Share button.")
            % {"platform": LABELS[platform]}
        )


def youtube_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in HOSTS["youtube"]:
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/live/", "/embed/", "/shorts/")):
            candidate = parts.path.split("/")[2]
    return candidate if candidate and YOUTUBE_ID.match(candidate) else None


def embed_url(platform: str, url: str) -> str | None:
    """The iframe address for platforms that allow embedding, else None (shown as a link)."""
    if not url:
        return None
    if platform == "youtube":
        video = youtube_id(url)
        return f"https://www.youtube-nocookie.com/embed/{video}" if video else None
    if platform == "facebook" and (urlsplit(url).hostname or "").endswith("facebook.com"):
        return f"https://www.facebook.com/plugins/video.php?href={quote(url, safe='')}"
    return None
