struct LRUCache {
    capacity: usize,
}

impl LRUCache {
    fn new(capacity: i32) -> Self {
        // TODO: a map plus an order
        LRUCache { capacity: capacity as usize }
    }

    fn get(&mut self, key: i32) -> i32 {
        // TODO: the value, or -1; a hit makes key the most recently used
        let _ = (key, self.capacity);
        -1
    }

    fn put(&mut self, key: i32, value: i32) {
        // TODO: store, refresh, evict the least recently used past capacity
        let _ = (key, value);
    }
}
