"""Obsidian canvases (``.canvas``, JSON Canvas 1.0, jsoncanvas.org) as pages.

``model.py`` reads a canvas file, ``draw.py`` lays out its edges at build
time, ``page.py`` writes the page's Markdown: every card, in reading order,
so the page reads as a list without JavaScript, and ``canvas.js`` turns it
into a board that pans and zooms. ``load.py`` makes each canvas a note of
the vault, so links, embeds, search, the graph and backlinks take it as any
other note.
"""
