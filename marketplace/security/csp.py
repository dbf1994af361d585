"""Content-Security-Policy and the other browser security headers, on every response.

Storefront pages get a strict policy: scripts, styles and frames only from this site,
nothing inline. A few pages need one outside source (Stripe's card form, video embeds on
live and story pages); ``SECURITY_CSP_EXTRA`` adds those sources for those URL names only.
The operator's back offices (Django admin, Wagtail's CMS, Oscar's dashboard) are built
on inline scripts and styles: they get their own relaxed policy, and only under their
path prefixes, which only staff can use.
"""

from django.conf import settings
from django.urls import Resolver404, resolve

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def render_policy(directives: dict[str, list[str]]) -> str:
    """``{"script-src": ["'self'"]}`` → ``"script-src 'self'"`` (empty lists are dropped)."""
    return "; ".join(
        f"{name} {' '.join(sources)}".strip() for name, sources in directives.items() if sources
    )


def merge(base: dict[str, list[str]], extra: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add ``extra``'s sources; a directive that was ``'none'`` gets only the new ones."""
    merged = {name: list(sources) for name, sources in base.items()}
    for name, sources in extra.items():
        current = [s for s in merged.get(name, []) if s != "'none'"]
        merged[name] = current + [s for s in sources if s not in current]
    return merged


def _is_back_office(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.SECURITY_BACK_OFFICE_PREFIXES)


def _match(request):
    # Pages answered from the page cache never reached URL resolution.
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match


def policy_for(request) -> str:
    """The policy text for this request's page."""
    if _is_back_office(request.path_info):
        return render_policy(settings.SECURITY_CSP_BACK_OFFICE)
    directives = settings.SECURITY_CSP
    match = _match(request)
    if match is not None and match.view_name in settings.SECURITY_CSP_EXTRA:
        directives = merge(directives, settings.SECURITY_CSP_EXTRA[match.view_name])
    return render_policy(directives)


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy unless the view already set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = REPORT_ONLY_HEADER if settings.SECURITY_CSP_REPORT_ONLY else HEADER
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[header] = policy_for(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.SECURITY_PERMISSIONS_POLICY
        return response
