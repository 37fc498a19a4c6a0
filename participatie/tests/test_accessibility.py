"""Accessibility fixes the axe audit asked for, each checked in the HTML the server sends.

The browser checks (axe-core, keyboard, reflow) are in tests_e2e/; these are the fast regression tests.
"""

import re
from collections import Counter

from django import forms
from django.template import Context, Template

import pytest

pytestmark = pytest.mark.django_db


class _RequiredForm(forms.Form):
    name = forms.CharField(label="Naam")

    def __init__(self, *args, **kwargs):
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()


def test_every_crispy_form_leaves_validation_to_the_portals_error_summary():
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": _RequiredForm()}))
    form_tag = re.search(r"<form[^>]*>", html).group(0)
    assert "novalidate" in form_tag, "without novalidate the browser shows its own English bubble"


def test_admin_split_date_and_time_inputs_have_labels_and_breadcrumbs_are_underlined(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/beheer/panels/meeting/add/").content.decode()
    for input_id in ("id_starts_at_0", "id_starts_at_1"):
        assert f'<label for="{input_id}">' in html
    assert "css/admin.css" in html


def test_route_maps_on_the_traject_list_have_distinct_names(client, policy_officer, gemeente):
    from roadmap.tests.factories import TrajectFactory

    TrajectFactory(gemeente=gemeente, title="Wmo-raad vernieuwen")
    TrajectFactory(gemeente=gemeente, title="Jeugd erbij")
    client.force_login(policy_officer)
    html = client.get("/roadmap/").content.decode()
    names = Counter(re.findall(r'<h2 id="route-map-title-\d+"[^>]*>([^<]*)</h2>', html))
    assert names == {
        "Routekaart van Wmo-raad vernieuwen: de zes stappen": 1,
        "Routekaart van Jeugd erbij: de zes stappen": 1,
    }
