"""Helpers of the survey benchmarks (not benchmarks themselves)."""
