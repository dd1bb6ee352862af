def shortest_path(net: dict, source: int, target: int) -> int:
    """The cheapest cost from source to target over net["edges"] ([u, v, w], one way), or -1."""
    # TODO: Dijkstra's algorithm.
    return -1
