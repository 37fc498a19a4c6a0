"""The one place that keeps personal data out of caches: ``Cache-Control: no-store``.

Every response to a logged-in user carries it (staff pages show answers, contact details, advice, meeting
documents; downloads and ``.ics`` files too), and so does every response of a view that sets
``no_store = True`` on its class (the resident's own survey pages, which are public but show their answers).
A view that sets ``no_store = False`` shows the same to everyone and may be cached (a gemeente's look).
"""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` (Django's never-cache headers) where personal data may be shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.no_store(request):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.no_store_view = getattr(getattr(view_func, "view_class", None), "no_store", None)

    @staticmethod
    def no_store(request) -> bool:
        marked = getattr(request, "no_store_view", None)
        if marked is not None:
            return marked
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
