# FIFO, not LRU: a get does not refresh the key.
class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = {}

    def get(self, key):
        return self.items.get(key, -1)

    def put(self, key, value):
        if key not in self.items and len(self.items) == self.capacity:
            del self.items[next(iter(self.items))]
        self.items[key] = value
