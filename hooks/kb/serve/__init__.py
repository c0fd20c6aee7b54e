"""``mkdocs serve``: the system's file events, paced and filtered, pages swapped
in place, the plan of what an edit rebuilds, and the serve side's one seam with
MkDocs (``seam.py``)."""
