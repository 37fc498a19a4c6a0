"""The officer's form of the pilot round (proefronde): with whom it is shared."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout

from participatie.forms import PortalForm

MAX_TESTERS = 50


class PilotForm(PortalForm):
    """Share the pilot with an orgaan, with named portal users, or with anyone who has the link."""

    orgaan = forms.ModelChoiceField(
        label=_("Share with an orgaan"),
        required=False,
        queryset=None,
        empty_label=_("No orgaan"),
        help_text=_("Its members see the pilot round on their start page."),
    )
    tester_emails = forms.CharField(
        label=_("Named testers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses of portal accounts, one per line. They see the pilot round on their start page."),
    )
    open_to_link = forms.BooleanField(
        label=_("Anyone with the link may test (without logging in)"),
        required=False,
        help_text=_("For testers without an account, such as providers or a researcher."),
    )

    def __init__(self, *args, orgaan_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgaan"].queryset = orgaan_queryset
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("orgaan", "tester_emails", "open_to_link")

    def clean_tester_emails(self):
        text = self.cleaned_data["tester_emails"]
        emails = [part.strip().lower() for part in text.replace(",", "\n").replace(";", "\n").splitlines()]
        emails = list(dict.fromkeys(email for email in emails if email))
        if len(emails) > MAX_TESTERS:
            raise ValidationError(_("Name at most %(count)d testers.") % {"count": MAX_TESTERS})
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(_("“%(email)s” is not an e-mail address.") % {"email": email}) from None
        accounts = get_user_model().objects.annotate(email_lower=Lower("email"))
        users = {user.email_lower: user for user in accounts.filter(email_lower__in=emails, is_active=True)}
        unknown = [email for email in emails if email not in users]
        if unknown:
            raise ValidationError(
                _("No portal account has this e-mail address: %(emails)s. Share the link with them instead.")
                % {"emails": ", ".join(unknown)}
            )
        return [users[email] for email in emails]
