"""Maintenance scripts for the knowledge base, runnable as ``python -m scripts.<name>``."""
