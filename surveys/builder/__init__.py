"""The builder: officers create and edit surveys (settings, pages, questions, skip logic, import/export)."""
