"""Demo data of the shared core: the programme's gemeenten, regio's and one user per role."""

from base64 import b32encode
from binascii import unhexlify

from django.contrib.auth.hashers import make_password
from django.db import transaction

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import Role
from .models import Gemeente, Membership, Regio, User

DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts only; seed_demo refuses to run with DEBUG off
# The second login step of every demo account: RFC 4226's example secret "12345678901234567890" (hex), known on
# purpose, and five backup codes. Printed by seed_demo; never for a real account.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = b32encode(unhexlify(DEMO_TOTP_KEY)).decode()  # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
DEMO_BACKUP_CODES = ["demo0001", "demo0002", "demo0003", "demo0004", "demo0005"]

# (name, CBS code, slug). CBS codes as published by CBS for the current gemeenten.
GEMEENTEN = [
    ("Middelburg", "GM0687", "middelburg"),
    ("Pekela", "GM0765", "pekela"),
    ("Veere", "GM0717", "veere"),
    ("Midden-Drenthe", "GM1731", "midden-drenthe"),
    ("Tilburg", "GM0855", "tilburg"),
    ("Almere", "GM0034", "almere"),
    ("De Fryske Marren", "GM1921", "de-fryske-marren"),
    ("Opsterland", "GM0086", "opsterland"),
    ("Ooststellingwerf", "GM0085", "ooststellingwerf"),
    ("Ede", "GM0228", "ede"),
    ("Groningen", "GM0014", "groningen"),
    ("Haarlemmermeer", "GM0394", "haarlemmermeer"),
    ("Leeuwarden", "GM0080", "leeuwarden"),
    ("Peel en Maas", "GM1894", "peel-en-maas"),
    ("Stichtse Vecht", "GM1904", "stichtse-vecht"),
    ("Schiedam", "GM0606", "schiedam"),
    ("Zaanstad", "GM0479", "zaanstad"),
]

# A few demo gemeenten get a colour of their own (made up, not their real huisstijl) to show the look;
# each has at least 4.5:1 with white text.
DEMO_COLOURS = {"middelburg": "#8a1538", "pekela": "#006837", "de-fryske-marren": "#005a8c"}

REGIOS = [
    ("Oosterschelderegio", "oosterschelderegio", ["middelburg", "veere"]),
    (
        "Friese koplopers cliëntondersteuning",
        "friese-koplopers",
        ["de-fryske-marren", "opsterland", "ooststellingwerf"],
    ),
    (
        "Voorbeeldgemeenten cliëntenparticipatie",
        "voorbeeldgemeenten",
        [
            "almere",
            "groningen",
            "haarlemmermeer",
            "leeuwarden",
            "peel-en-maas",
            "stichtse-vecht",
            "schiedam",
            "zaanstad",
        ],
    ),
]

ROLE_ACCOUNTS = [
    ("beleid", Role.POLICY_OFFICER, "Beleidsmedewerker"),
    ("coordinator", Role.COORDINATOR, "Coördinator"),
    ("adviesraad", Role.COUNCIL_MEMBER, "Adviesraadlid"),
]


def demo_email(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.demo"


def _user(email, password_hash, first_name, last_name, **extra):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"password": password_hash, "first_name": first_name, "last_name": last_name, **extra},
    )
    return user, created


@transaction.atomic
def seed(*, stdout) -> list[tuple[str, str]]:
    """Create the core demo data; returns (e-mail, description) of every demo account."""
    # One hash for all demo accounts: hashing 50 times would take longer than the rest of the seed.
    password_hash = make_password(DEMO_PASSWORD)
    accounts = []
    gemeenten = {}
    for name, code, slug in GEMEENTEN:
        contact = {
            "contact_email": f"participatie@{slug}.demo",
            "privacy_officer_email": f"privacy@{slug}.demo",
            "contact_phone": "14 0118" if slug == "middelburg" else "",
            "helpline_phone": "0118 - 67 50 00" if slug == "middelburg" else "",  # help with filling in
        }
        gemeente, _ = Gemeente.objects.update_or_create(
            cbs_code=code,
            defaults={"name": name, "slug": slug, "primary_colour": DEMO_COLOURS.get(slug, ""), **contact},
        )
        gemeenten[slug] = gemeente
    for name, slug, members in REGIOS:
        regio, _ = Regio.objects.update_or_create(slug=slug, defaults={"name": name})
        regio.gemeenten.add(*(gemeenten[m] for m in members))

    admin, _ = _user("admin@demo", password_hash, "Beheerder", "Demo", is_staff=True, is_superuser=True)
    accounts.append((admin.email, "beheerder (alle gemeenten)"))
    for name, _code, slug in GEMEENTEN:
        for prefix, role, label in ROLE_ACCOUNTS:
            user, _ = _user(demo_email(prefix, slug), password_hash, label, name)
            Membership.objects.get_or_create(user=user, gemeente=gemeenten[slug], role=role)
            accounts.append((user.email, f"{Role(role).label} in {name}"))

    programme = Regio.objects.get(slug="voorbeeldgemeenten")
    user, _ = _user("coordinator@voorbeeldgemeenten.demo", password_hash, "Programmacoördinator", "Demo")
    Membership.objects.get_or_create(user=user, regio=programme, role=Role.COORDINATOR)
    accounts.append((user.email, "coördinator van de acht voorbeeldgemeenten"))
    demo_two_factor(User.objects.filter(email__in=[email for email, _description in accounts]))
    return accounts


def demo_two_factor(users) -> None:
    """Every demo account logs in in two steps with the known secret and backup codes (printed by seed_demo)."""
    for user in users:
        TOTPDevice.objects.get_or_create(
            user=user, name="authenticator-app", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )
        backup, _ = StaticDevice.objects.get_or_create(user=user, name="reservecodes", defaults={"confirmed": True})
        for code in DEMO_BACKUP_CODES:
            StaticToken.objects.get_or_create(device=backup, token=code)
