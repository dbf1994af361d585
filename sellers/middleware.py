"""Keep sellers, and helpers acting for a seller, out of Oscar's dashboard.

Oscar lets a partner's users into ``/dashboard/`` once they hold the
``partner.dashboard_access`` permission, and there it shows them whole orders: other
sellers' lines, the buyer's full basket and the order total. Sellers work in the back
office under ``/kenh-nguoi-ban/`` instead, which shows a seller only its own products,
stock records and order lines. This guard makes that rule hold even if someone grants the
permission by mistake: the dashboard is for the marketplace's own staff only.
"""

from django.core.exceptions import PermissionDenied
from django.utils.deprecation import MiddlewareMixin

from .access import ACTING_FOR_SESSION_KEY
from .models import SellerMember

DASHBOARD_NAMESPACE = "dashboard"
# Oscar's own sign-in and sign-out pages for the dashboard stay reachable.
OPEN_DASHBOARD_PAGES = frozenset({"login", "logout"})


def may_use_dashboard(request) -> bool:
    """Operators (superusers) always; other staff unless they act for or belong to a seller."""
    user = request.user
    if not user.is_authenticated:
        return True  # Oscar sends anonymous visitors to its sign-in page
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    if request.session.get(ACTING_FOR_SESSION_KEY):
        return False
    return not SellerMember.objects.filter(user=user).exists()


class DashboardGuardMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or DASHBOARD_NAMESPACE not in match.namespaces:
            return None
        if match.url_name in OPEN_DASHBOARD_PAGES:
            return None
        if not may_use_dashboard(request):
            raise PermissionDenied
        return None
