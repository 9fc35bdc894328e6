"""Renderers: turn scored results into terminal text, JSON, HTML and PDF. No scoring here."""
