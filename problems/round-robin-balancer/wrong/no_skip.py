# Ignores health: hands out servers that are down.
class RoundRobin:
    def __init__(self, servers):
        self.servers = list(servers)
        self.pos = 0

    def next(self):
        if not self.servers:
            return None
        server = self.servers[self.pos % len(self.servers)]
        self.pos += 1
        return server

    def mark_down(self, server):
        pass

    def mark_up(self, server):
        pass
