// Forgets the capacity: nothing is ever evicted.
class LRUCache {
  constructor(capacity) {
    this.items = new Map();
  }

  get(key) {
    return this.items.has(key) ? this.items.get(key) : -1;
  }

  put(key, value) {
    this.items.set(key, value);
  }
}
