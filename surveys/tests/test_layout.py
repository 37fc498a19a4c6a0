import ast
from pathlib import Path

import pytest

SURVEYS = Path(__file__).resolve().parent.parent
PARTS = ("builder", "respond", "results", "fieldwork")


def _imported_modules(path: Path) -> set[str]:
    """Dotted names a module imports, with relative imports resolved against ``surveys.<part>``."""
    part = path.parent.name
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                package = ["surveys", part][: 2 - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("part", PARTS)
def test_parts_are_packages(part):
    assert (SURVEYS / part / "__init__.py").is_file()


@pytest.mark.parametrize("part", PARTS)
def test_a_part_never_imports_another_part(part):
    """Imports run one way: a part reads the models and shared modules, never another part."""
    others = [other for other in PARTS if other != part]
    offending = {
        f"{path.name}: {name}"
        for path in (SURVEYS / part).glob("*.py")
        for name in _imported_modules(path)
        if any(name == f"surveys.{other}" or name.startswith(f"surveys.{other}.") for other in others)
        and not (part == "fieldwork" and name in FIELDWORK_MAY_READ)
    }
    assert not offending


def test_the_import_check_sees_a_relative_import_of_another_part(tmp_path):
    module = tmp_path / "respond" / "views.py"
    module.parent.mkdir()
    module.write_text("from ..builder.views import respond_url\nfrom . import forms\n")
    assert "surveys.builder.views" in _imported_modules(module)
    assert "surveys.respond.forms" in _imported_modules(module)


# The fieldwork part validates a paper card with the resident's own page form (the same checks as online);
# that form is the one thing it reads of another part.
FIELDWORK_MAY_READ = {"surveys.respond.forms", "surveys.respond.forms.SectionForm"}


def test_fieldwork_reads_only_the_residents_page_form_of_another_part():
    assert (SURVEYS / "fieldwork" / "__init__.py").is_file()
    others = [part for part in PARTS if part != "fieldwork"]
    offending = {
        f"{path.name}: {name}"
        for path in (SURVEYS / "fieldwork").glob("*.py")
        for name in _imported_modules(path)
        if any(name == f"surveys.{other}" or name.startswith(f"surveys.{other}.") for other in others)
        and name not in FIELDWORK_MAY_READ
    }
    assert not offending
