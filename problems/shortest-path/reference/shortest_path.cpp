#include <functional>
#include <limits>
#include <queue>
#include <tuple>
#include <utility>
#include <vector>

long long shortestPath(Network net, long long source, long long target) {
    std::vector<std::vector<std::pair<long long, long long>>> adj(net.n);
    for (auto& [u, v, w] : net.edges) adj[u].push_back({v, w});
    std::vector<long long> dist(net.n, std::numeric_limits<long long>::max());
    using Item = std::pair<long long, long long>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    dist[source] = 0;
    heap.push({0, source});
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (u == target) return d;
        if (d > dist[u]) continue;
        for (auto [v, w] : adj[u]) {
            if (d + w < dist[v]) {
                dist[v] = d + w;
                heap.push({dist[v], v});
            }
        }
    }
    return -1;
}
