#!/usr/bin/env bash
# Resolve a merge conflict in the Dutch catalogue: keep the entries of both sides (ours first),
# then let makemessages re-sort the file against the code and compile it.
set -euo pipefail
po=participatie/locale/nl/LC_MESSAGES/django.po
tmp=$(mktemp -d)
git show ":2:$po" > "$tmp/ours.po"
git show ":3:$po" > "$tmp/theirs.po"
msgcat --use-first -o "$po" "$tmp/ours.po" "$tmp/theirs.po"
DEBUG=1 .venv/bin/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles --ignore=bench --ignore=media >/dev/null
DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv -v0
git add "$po" "${po%.po}.mo"
rm -rf "$tmp"
