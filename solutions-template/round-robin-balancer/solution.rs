struct RoundRobin {
    servers: Vec<String>,
}

impl RoundRobin {
    fn new(servers: Vec<String>) -> Self {
        // TODO: keep which servers are down, and whose turn it is
        RoundRobin { servers }
    }

    /// The next healthy server in turn, or None when none is healthy.
    fn next(&mut self) -> Option<String> {
        let _ = &self.servers;
        None // TODO
    }

    fn mark_down(&mut self, server: String) {
        let _ = server; // TODO
    }

    fn mark_up(&mut self, server: String) {
        let _ = server; // TODO
    }
}
