class LRUCache {
    public LRUCache(int capacity) {
        // TODO: a map plus an order (java.util.LinkedHashMap with accessOrder = true does both)
    }

    public int get(int key) {
        // TODO: the value, or -1; a hit makes key the most recently used
        return -1;
    }

    public void put(int key, int value) {
        // TODO: store, refresh, evict the least recently used past capacity
    }
}
