"""A programme's funder reports: indicators computed from events as known at an instant
(`indicators.py`), and the same report as CSV (`csv_export.py`)."""
