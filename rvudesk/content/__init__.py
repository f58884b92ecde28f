"""Authored knowledge kept as reviewed data files (code families, abbreviations)."""
