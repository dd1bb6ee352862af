use std::collections::HashMap;

// `get` unwraps the lookup: a miss panics instead of returning -1.
struct LRUCache {
    capacity: usize,
    clock: u64,
    items: HashMap<i32, (i32, u64)>,
}

impl LRUCache {
    fn new(capacity: i32) -> Self {
        LRUCache { capacity: capacity as usize, clock: 0, items: HashMap::new() }
    }

    fn get(&mut self, key: i32) -> i32 {
        self.clock += 1;
        let entry = self.items.get_mut(&key).unwrap();
        entry.1 = self.clock;
        entry.0
    }

    fn put(&mut self, key: i32, value: i32) {
        self.clock += 1;
        if !self.items.contains_key(&key) && self.items.len() == self.capacity {
            let oldest = *self.items.iter().min_by_key(|(_, v)| v.1).unwrap().0;
            self.items.remove(&oldest);
        }
        self.items.insert(key, (value, self.clock));
    }
}
