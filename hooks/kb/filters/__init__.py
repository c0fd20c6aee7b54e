"""Filters: which parsed notes the build publishes."""
