function shortestPath(net, source, target) {
  const adj = Array.from({ length: net.n }, () => []);
  for (const [u, v, w] of net.edges) adj[u].push([v, w]);
  const dist = new Array(net.n).fill(Infinity);
  const done = new Array(net.n).fill(false);
  dist[source] = 0;
  // O(n^2) Dijkstra: no heap in the standard library, and the networks are small.
  for (;;) {
    let u = -1;
    for (let i = 0; i < net.n; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) return -1;
    if (u === target) return dist[u];
    done[u] = true;
    for (const [v, w] of adj[u]) if (dist[u] + w < dist[v]) dist[v] = dist[u] + w;
  }
}
