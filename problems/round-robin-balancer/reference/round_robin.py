class RoundRobin:
    def __init__(self, servers):
        self.servers = list(servers)
        self.down = set()
        self.pos = 0

    def next(self):
        for _ in range(len(self.servers)):
            server = self.servers[self.pos]
            self.pos = (self.pos + 1) % len(self.servers)
            if server not in self.down:
                return server
        return None

    def mark_down(self, server):
        self.down.add(server)

    def mark_up(self, server):
        self.down.discard(server)
