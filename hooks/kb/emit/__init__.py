"""Emitters: the files a build writes besides the notes' own pages."""
