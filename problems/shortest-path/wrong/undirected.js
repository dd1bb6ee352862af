// Reads every edge both ways: a target behind a one-way edge is reached backwards.
function shortestPath(net, source, target) {
  const dist = new Array(net.n).fill(Infinity);
  dist[source] = 0;
  for (let round = 0; round < net.n; round++) {
    for (const [u, v, w] of net.edges) {
      if (dist[u] + w < dist[v]) dist[v] = dist[u] + w;
      if (dist[v] + w < dist[u]) dist[u] = dist[v] + w;
    }
  }
  return dist[target] === Infinity ? -1 : dist[target];
}
