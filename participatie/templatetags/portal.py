from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error-summary link should jump to: the field, or the first option of a group."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def look_version(gemeente) -> str:
    """The fingerprint of a gemeente's look, for the URL of its stylesheet."""
    from participatie.look import look_version as fingerprint

    return fingerprint(gemeente)


@register.filter
def look_primary(gemeente) -> str:
    """A gemeente's checked primary colour (or the portal's), for e-mails, which cannot load a stylesheet."""
    from participatie.look import look_tokens

    return look_tokens(gemeente)["--nl-brand-primary"]


@register.filter
def absolute_logo_url(gemeente) -> str:
    """The full address of a gemeente's logo (an e-mail needs one), or an empty string without a logo."""
    from django.conf import settings

    return f"{settings.SITE_URL}{gemeente.logo.url}" if gemeente.logo else ""
