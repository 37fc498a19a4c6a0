"""Keeps a data-entry account (invoerder) to the pages of its work.

An entry-only account (entry access to a survey, no role in any gemeente) may open only views that say
``entry_only_allowed = True`` (entry screen, interview pages, paper version, its list of surveys), and
log out or change its password. Every other page is a 403, public pages and the admin included; the
start page sends it to its list of surveys. The views still check the survey itself (predicates).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from .entry_selectors import user_is_entry_only

# URL names outside the fieldwork an entry-only account may use: its own account.
ACCOUNT_URL_NAMES = frozenset({"login", "logout", "password_change", "password_change_done"})


class EntryOnlyMiddleware:
    """Refuses an entry-only account every page but the ones of its data entry (403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user_is_entry_only(user):
            return None
        view_class = getattr(view_func, "view_class", None)
        if view_class is not None and getattr(view_class, "entry_only_allowed", False):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ACCOUNT_URL_NAMES and not match.namespace:
            return None
        if match is not None and match.url_name == "home" and not match.namespace:
            return HttpResponseRedirect(reverse("surveys:fieldwork_home"))
        raise PermissionDenied
