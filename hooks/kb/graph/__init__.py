"""The graph of the notes: its model, its build-time layout, and its drawings."""
