use std::cmp::Reverse;
use std::collections::BinaryHeap;

fn shortest_path(net: Network, source: i64, target: i64) -> i64 {
    let n = net.n as usize;
    let mut adj = vec![Vec::new(); n];
    for &(u, v, w) in &net.edges {
        adj[u as usize].push((v as usize, w));
    }
    let mut dist = vec![i64::MAX; n];
    let mut heap = BinaryHeap::new();
    dist[source as usize] = 0;
    heap.push(Reverse((0, source as usize)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if u as i64 == target {
            return d;
        }
        if d > dist[u] {
            continue;
        }
        for &(v, w) in &adj[u] {
            if d + w < dist[v] {
                dist[v] = d + w;
                heap.push(Reverse((dist[v], v)));
            }
        }
    }
    -1
}
