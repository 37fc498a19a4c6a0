"""/.well-known/security.txt follows RFC 9116."""

import datetime

import time_machine


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 30, tzinfo=datetime.UTC), tick=False)
def test_security_txt_has_the_rfc_9116_fields(client, settings):
    settings.SITE_URL = "https://participatie.example.nl"
    settings.SECURITY_CONTACT = ["mailto:security@example.nl", "https://example.nl/melden"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "Contact: mailto:security@example.nl",
        "Contact: https://example.nl/melden",
        "Expires: 2027-05-30T00:00:00Z",
        "Preferred-Languages: nl, en",
        "Canonical: https://participatie.example.nl/.well-known/security.txt",
    ]
