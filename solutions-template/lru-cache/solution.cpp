class LRUCache {
public:
    LRUCache(int capacity) {
        // TODO: a std::list for the order plus a std::unordered_map to its nodes
    }

    int get(int key) {
        // TODO: the value, or -1; a hit makes key the most recently used
        return -1;
    }

    void put(int key, int value) {
        // TODO: store, refresh, evict the least recently used past capacity
    }
};
