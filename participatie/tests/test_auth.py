from django.core import mail
from django.urls import reverse

import pytest

from participatie.accounts.testing import give_device, totp_code
from participatie.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post_login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_page_is_dutch_and_accessible(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert 'autocomplete="email"' in html


def test_login_with_email_and_password_reaches_the_dashboard(client, policy_officer, gemeente):
    give_device(policy_officer)
    response = _post_login(client, policy_officer.email, "geheim-wachtwoord")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    # The second step (participatie/tests/test_two_factor.py) before the dashboard.
    second_step = client.get(reverse("home"))
    assert second_step["Location"] == f"{reverse('two_factor_verify')}?next=%2F"
    assert client.post(second_step["Location"], {"code": totp_code()})["Location"] == "/"
    dashboard = client.get(reverse("home")).content.decode()
    assert gemeente.name in dashboard
    assert "Beleidsambtenaar" in dashboard


def test_login_accepts_an_address_without_a_dot_in_the_domain(client):
    # The demo superuser is admin@demo; an EmailField refused it as "not a valid e-mail address".
    UserFactory(email="admin@demo", password="geheim-wachtwoord")
    response = _post_login(client, "admin@demo", "geheim-wachtwoord")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_shows_a_dutch_error_tied_to_the_form(client, policy_officer):
    response = _post_login(client, policy_officer.email, "fout")
    assert response.status_code == 200
    html = response.content.decode()
    assert "niet juist" in html
    assert "data-error-summary" in html


def test_lockout_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    for _ in range(3):
        _post_login(client, user.email, "fout")
    response = _post_login(client, user.email, "geheim-wachtwoord")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_dutch_email(client):
    user = UserFactory(email="iemand@example.nl")
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "nieuw wachtwoord" in mail.outbox[0].subject.lower()
    assert "/accounts/reset/" in mail.outbox[0].body


def test_logout_is_a_post_and_returns_home(client, policy_officer):
    client.force_login(policy_officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_error_pages_are_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_403_page_is_dutch(client, council_member):
    client.force_login(council_member)
    response = client.get(reverse("export-list"))
    assert response.status_code == 403
    assert "geen toegang" in response.content.decode().lower()


def test_500_page_renders_without_context(rf):
    from participatie.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_error_summary_links_a_radio_group_to_its_first_option(rf):
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        answer = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        name = forms.CharField()

    form = Choice(data={})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'href="#id_answer_0"' in html
    assert 'href="#id_name"' in html


def test_an_english_browser_still_gets_dutch(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "Inloggen" in html and "Log in" not in html


def test_a_logout_bookmark_asks_to_confirm_and_does_not_log_out(client, policy_officer):
    client.force_login(policy_officer)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert "Wilt u uitloggen?" in response.content.decode()
    assert "_auth_user_id" in client.session
