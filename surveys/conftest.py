import pytest

from surveys.logic import _STRUCTURE_CACHE
from surveys.selectors import survey_public_cache_forget


@pytest.fixture(autouse=True)
def _fresh_structure_cache():
    """Database ids and (frozen) timestamps repeat between tests: start each test without cached structures."""
    _STRUCTURE_CACHE.clear()
    survey_public_cache_forget()
    yield
    _STRUCTURE_CACHE.clear()
    survey_public_cache_forget()
