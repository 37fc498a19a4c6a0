import pytest

from activities import services
from activities.tests.factories import ActivityFactory


@pytest.fixture
def activity(gemeente):
    return ActivityFactory(gemeente=gemeente, title="Verhalen ophalen")


@pytest.fixture
def other_activity(other_gemeente):
    return ActivityFactory(gemeente=other_gemeente, title="Activiteit Pekela")


@pytest.fixture
def journey(gemeente, activity):
    return services.journey_create(gemeente=gemeente, title="Klantreis CO", activity=activity)
