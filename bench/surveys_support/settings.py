"""Settings for the survey benchmarks: the portal's own, without the per-client rate limit
(one machine plays every respondent)."""

from participatie.settings import *  # noqa: F403

SURVEYS_SUBMIT_RATE_LIMIT = 10**9
