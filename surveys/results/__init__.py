"""Results: what residents said, as figures, charts and answer exports (reads models and shared selectors only)."""
