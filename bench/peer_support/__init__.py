"""Helpers of the side-by-side peer benchmark (bench/surveys_peer_submit.py); not benchmarks themselves."""
