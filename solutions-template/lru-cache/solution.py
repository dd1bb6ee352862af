class LRUCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        # TODO: a dict plus an order (collections.OrderedDict does both)

    def get(self, key: int) -> int:
        # TODO: the value, or -1; a hit makes key the most recently used
        return -1

    def put(self, key: int, value: int) -> None:
        # TODO: store, refresh, evict the least recently used past capacity
        pass
