"""An iCalendar (.ics, RFC 5545) file for one meeting, so members put it in their own calendar."""

import datetime

from django.utils import timezone


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    # Lines longer than 75 octets are folded with CRLF + space.
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(*, meeting, url: str, domain: str) -> str:
    """The meeting as a VCALENDAR with one VEVENT (times in UTC)."""
    description = [meeting.orgaan.name]
    agenda = [item.title for item in meeting.agenda_items.all()]
    if agenda:
        description.append("Agenda:")
        description.extend(f"{n}. {title}" for n, title in enumerate(agenda, start=1))
    if meeting.online_url:
        description.append(meeting.online_url)
    description.append(url)
    location = ", ".join(part for part in (meeting.location, meeting.online_url) if part)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Participatieportaal//panels//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape(meeting.title + ' – ' + meeting.orgaan.name)}",
        f"DESCRIPTION:{_escape(chr(10).join(description))}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if meeting.online_url:
        lines.append(f"URL:{meeting.online_url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
