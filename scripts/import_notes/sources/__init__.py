"""One converter per source kind; each offers ``looks_like(text)`` and ``convert(text, stem)``."""
