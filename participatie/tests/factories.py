import factory
from factory.django import DjangoModelFactory

from participatie.constants import Role
from participatie.models import Gemeente, Membership, Regio, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("geheim-wachtwoord")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("cbs_code",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM9000-GM9999, wrapping: a long test run creates more than a thousand gemeenten (one test, a few).
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class RegioFactory(DjangoModelFactory):
    class Meta:
        model = Regio

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    role = Role.POLICY_OFFICER
