class RoundRobin {
  constructor(servers) {
    this.servers = [...servers];
  }

  next() {
    // TODO: the next healthy server in turn, or null
    return null;
  }

  markDown(server) {
    // TODO
  }

  markUp(server) {
    // TODO
  }
}
