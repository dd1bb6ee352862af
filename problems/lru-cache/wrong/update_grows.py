# Appends the key to its order list on every put, so an updated key is counted twice against the
# capacity and evicts keys too early.
class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.values = {}
        self.order = []

    def get(self, key):
        if key not in self.values:
            return -1
        self.order.remove(key)
        self.order.append(key)
        return self.values[key]

    def put(self, key, value):
        self.values[key] = value
        self.order.append(key)
        if len(self.order) > self.capacity:
            self.values.pop(self.order.pop(0), None)
