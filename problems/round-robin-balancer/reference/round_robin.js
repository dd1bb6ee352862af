class RoundRobin {
  constructor(servers) {
    this.servers = [...servers];
    this.down = new Set();
    this.pos = 0;
  }

  next() {
    for (let n = 0; n < this.servers.length; n++) {
      const server = this.servers[this.pos];
      this.pos = (this.pos + 1) % this.servers.length;
      if (!this.down.has(server)) return server;
    }
    return null;
  }

  markDown(server) {
    this.down.add(server);
  }

  markUp(server) {
    this.down.delete(server);
  }
}
