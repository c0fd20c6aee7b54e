"""Import raw notes (Obsidian, Yuque, Hugo, web clips) as clean Obsidian-flavoured Markdown.

Run ``python -m scripts.import_notes SRC... --into DIR``; see ``__main__`` for the options.
"""
