"""Parsing: one pass over each note's text into a ``Note``."""
