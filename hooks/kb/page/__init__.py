"""What a note's own page gains at render time: TODO marks, backlinks, banners."""
