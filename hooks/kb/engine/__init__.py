"""The build engine: pages rendered and written in worker processes, the theme's
environment, and the build side's one seam with MkDocs (``seam.py``)."""
