use std::collections::HashSet;

// Right rotation, but `%` by zero servers panics instead of returning None.
struct RoundRobin {
    servers: Vec<String>,
    down: HashSet<String>,
    pos: usize,
}

impl RoundRobin {
    fn new(servers: Vec<String>) -> Self {
        RoundRobin { servers, down: HashSet::new(), pos: 0 }
    }

    fn next(&mut self) -> Option<String> {
        let start = self.pos % self.servers.len();
        for k in 0..self.servers.len() {
            let i = (start + k) % self.servers.len();
            if !self.down.contains(&self.servers[i]) {
                self.pos = i + 1;
                return Some(self.servers[i].clone());
            }
        }
        None
    }

    fn mark_down(&mut self, server: String) {
        self.down.insert(server);
    }

    fn mark_up(&mut self, server: String) {
        self.down.remove(&server);
    }
}
