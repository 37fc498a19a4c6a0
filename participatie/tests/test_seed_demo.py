from django.core.management import CommandError, call_command

import pytest

from participatie.models import Gemeente, Membership, Regio, User


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Gemeente.objects.exists()


def _counts():
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first, "running seed_demo twice must change nothing"

    assert Gemeente.objects.count() == 17
    assert Gemeente.objects.get(slug="middelburg").cbs_code == "GM0687"
    assert Gemeente.objects.get(slug="pekela").cbs_code == "GM0765"
    assert set(Regio.objects.get(slug="friese-koplopers").gemeenten.values_list("slug", flat=True)) == {
        "de-fryske-marren",
        "opsterland",
        "ooststellingwerf",
    }
    beleid = User.objects.get(email="beleid@middelburg.demo")
    assert beleid.check_password("demo")
    assert Membership.objects.filter(user=beleid, gemeente__slug="middelburg", role="beleidsambtenaar").exists()
    for prefix in ("beleid", "coordinator", "adviesraad"):
        assert User.objects.filter(email__startswith=f"{prefix}@").count() == 17 + (prefix == "coordinator")
    admin = User.objects.get(email="admin@demo")
    assert admin.is_superuser and admin.check_password("demo")
    # The entry-only account of Pekela's card (surveys fieldwork): no role anywhere, entry for one survey.
    invoer = User.objects.get(email="invoer@pekela.demo")
    assert invoer.check_password("demo") and not invoer.memberships.exists()
    assert list(invoer.entry_assignments.values_list("survey__gemeente__slug", "survey__title")) == [
        ("pekela", "Ervaringenkaart cliëntondersteuning")
    ]


@pytest.mark.django_db
def test_seed_demo_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert Gemeente.objects.count() == 17


@pytest.mark.django_db
def test_seed_demo_prints_only_the_demo_accounts_and_no_task_logs(settings, caplog):
    import io
    import logging

    settings.DEBUG = True
    out, err = io.StringIO(), io.StringIO()
    caplog.set_level(logging.INFO)

    call_command("seed_demo", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert [r.getMessage() for r in caplog.records if r.name.startswith(("celery", "kombu"))] == []
    assert err.getvalue() == ""
    assert lines[:2] == ["Demogegevens staan klaar.", "Alle demo-accounts hebben het wachtwoord: demo"]
    # The second login step: the known key for an authenticator app, and the backup codes.
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in lines[2] and "demo0001" in lines[3]
    assert all("@" in line for line in lines[4:]) and any("beleid@middelburg.demo" in line for line in lines)
    assert any("invoer@pekela.demo" in line for line in lines)


@pytest.mark.django_db
def test_every_demo_account_logs_in_with_the_printed_key_and_backup_codes(settings, client):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from participatie.accounts.testing import DEMO_TOTP_SECRET, totp_code

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    demo_users = User.objects.filter(email__endswith="demo")
    assert TOTPDevice.objects.filter(user__in=demo_users, confirmed=True).count() == demo_users.count() > 20
    assert StaticToken.objects.filter(device__user__email="beleid@middelburg.demo").count() == 5
    assert DEMO_TOTP_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    client.post("/accounts/login/", {"username": "beleid@middelburg.demo", "password": "demo"})
    assert client.post("/accounts/twee-stappen/", {"code": totp_code()})["Location"] == "/"
    assert client.get("/").status_code == 200
