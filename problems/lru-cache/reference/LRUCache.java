import java.util.LinkedHashMap;
import java.util.Map;

// LeetCode's shape: a class named LRUCache with a constructor and two methods.
class LRUCache {
    private final int capacity;
    private final LinkedHashMap<Integer, Integer> items;

    public LRUCache(int capacity) {
        this.capacity = capacity;
        // Access order: a get or a put moves the key to the end.
        this.items = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
                return size() > LRUCache.this.capacity;
            }
        };
    }

    public int get(int key) {
        Integer v = items.get(key);
        return v == null ? -1 : v;
    }

    public void put(int key, int value) {
        items.put(key, value);
    }
}
