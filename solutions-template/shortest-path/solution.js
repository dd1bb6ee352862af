function shortestPath(net, source, target) {
  // TODO: the cheapest cost from source to target over net.edges ([u, v, w], one way), or -1.
  return -1;
}
