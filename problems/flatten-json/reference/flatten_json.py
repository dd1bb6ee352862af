def flatten_json(doc):
    out = {}

    def walk(value, path):
        if isinstance(value, dict) and value:
            items = value.items()
        elif isinstance(value, list) and value:
            items = enumerate(value)
        else:
            out[path] = value
            return
        for key, child in items:
            walk(child, f"{path}.{key}" if path else str(key))

    walk(doc, "")
    return out
