"""The knowledge base: one parsed model of the vault, and what reads it.

Pipeline, as in Quartz: ``parse`` reads every note once into a ``Vault``;
``filters`` decide what is published; ``emit`` writes generated pages and
files; ``markdown`` holds the Python-Markdown extensions that render
Obsidian syntax against the model. ``hooks/site.py`` only wires MkDocs
events to these.
"""
