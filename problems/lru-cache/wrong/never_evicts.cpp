#include <unordered_map>

// Forgets the capacity: nothing is ever evicted.
class LRUCache {
    std::unordered_map<int, int> items;

public:
    LRUCache(int capacity) { (void)capacity; }
    int get(int key) {
        auto it = items.find(key);
        return it == items.end() ? -1 : it->second;
    }
    void put(int key, int value) { items[key] = value; }
};
