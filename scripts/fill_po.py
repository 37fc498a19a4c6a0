"""Fill empty msgstr's of the Dutch catalogue from a Python dict file: fill_po.py TRANSLATIONS.py [PO].

A helper for translators: it only writes entries whose msgstr is empty or fuzzy and whose
msgid is in the dict, and drops the fuzzy flag of the entries it fills.
"""

import re
import runpy
import sys
from pathlib import Path

ENTRY = re.compile(r'((?:#[^\n]*\n)*)msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)')


def unquote(block: str) -> str:
    return (
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"\n'


def main():
    translations = runpy.run_path(sys.argv[1])["T"]
    po = Path(sys.argv[2] if len(sys.argv) > 2 else "participatie/locale/nl/LC_MESSAGES/django.po")
    text = po.read_text()
    filled = 0

    def replace(match):
        nonlocal filled
        comments, msgid_block, msgstr_block = match.groups()
        msgid = unquote(msgid_block)
        fuzzy = "#, fuzzy" in comments
        if msgid and msgid in translations and (fuzzy or not unquote(msgstr_block)):
            filled += 1
            comments = re.sub(r"#, fuzzy\n", "", comments).replace("#, fuzzy, ", "#, ")
            comments = re.sub(r"#\| msgid [^\n]*\n", "", comments)
            return f"{comments}msgid {msgid_block}msgstr {quote(translations[msgid])}"
        return match.group(0)

    po.write_text(ENTRY.sub(replace, text))
    print(f"filled {filled} entries in {po}")


if __name__ == "__main__":
    main()
