# Returns the first healthy server from the start of the list every time after a skip.
class RoundRobin:
    def __init__(self, servers):
        self.servers = list(servers)
        self.down = set()
        self.pos = 0

    def next(self):
        healthy = [s for s in self.servers if s not in self.down]
        if not healthy:
            return None
        server = healthy[self.pos % len(healthy)]
        self.pos += 1
        return server

    def mark_down(self, server):
        self.down.add(server)

    def mark_up(self, server):
        self.down.discard(server)
