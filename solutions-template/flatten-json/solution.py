from typing import Any


def flatten_json(doc: Any) -> dict[str, Any]:
    """Return the leaves of doc under their dotted paths ("user.roles.0")."""
    # TODO: walk doc recursively, carrying the path.
    return {}
