def is_valid(s: str) -> bool:
    """Return True when every bracket of s is closed by the same kind, in the right order."""
    # TODO: implement (a stack).
    return False
