"""``python -m papers``: check, format, readme, add, audit."""
