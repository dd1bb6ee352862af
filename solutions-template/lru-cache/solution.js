class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
    // TODO: a Map keeps insertion order
  }

  get(key) {
    // TODO: the value, or -1; a hit makes key the most recently used
    return -1;
  }

  put(key, value) {
    // TODO: store, refresh, evict the least recently used past capacity
  }
}
