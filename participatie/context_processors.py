from .registry import nav_items_for_user


def portal(request):
    """Navigation for the base template, built from what the apps registered."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav_items_for_user(user)}
