# Treats an empty list or object as a branch with no leaves: it disappears from the result.
def flatten_json(doc):
    out = {}

    def walk(value, path):
        if isinstance(value, (dict, list)):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                walk(child, f"{path}.{key}" if path else str(key))
        else:
            out[path] = value

    walk(doc, "")
    return out
