"""Python-Markdown extensions that render the notes' syntax."""
