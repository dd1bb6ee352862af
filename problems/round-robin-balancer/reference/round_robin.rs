use std::collections::HashSet;

struct RoundRobin {
    servers: Vec<String>,
    down: HashSet<String>,
    pos: usize,
}

impl RoundRobin {
    fn new(servers: Vec<String>) -> Self {
        RoundRobin { servers, down: HashSet::new(), pos: 0 }
    }

    /// The next healthy server in turn, or None when none is healthy.
    fn next(&mut self) -> Option<String> {
        for _ in 0..self.servers.len() {
            let server = &self.servers[self.pos];
            self.pos = (self.pos + 1) % self.servers.len();
            if !self.down.contains(server) {
                return Some(server.clone());
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
