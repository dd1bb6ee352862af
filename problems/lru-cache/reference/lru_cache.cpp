#include <list>
#include <unordered_map>
#include <utility>

class LRUCache {
    int capacity;
    std::list<std::pair<int, int>> order;  // most recent first
    std::unordered_map<int, std::list<std::pair<int, int>>::iterator> at;

public:
    explicit LRUCache(int capacity) : capacity(capacity) {}

    int get(int key) {
        auto it = at.find(key);
        if (it == at.end()) return -1;
        order.splice(order.begin(), order, it->second);
        return it->second->second;
    }

    void put(int key, int value) {
        auto it = at.find(key);
        if (it != at.end()) {
            it->second->second = value;
            order.splice(order.begin(), order, it->second);
            return;
        }
        order.emplace_front(key, value);
        at[key] = order.begin();
        if ((int)order.size() > capacity) {
            at.erase(order.back().first);
            order.pop_back();
        }
    }
};
