#include <tuple>
#include <vector>

// Network (given): long long n; std::vector<std::tuple<long long, long long, long long>> edges.
long long shortestPath(Network net, long long source, long long target) {
    // TODO: the cheapest cost from source to target (edges are one way), or -1.
    return -1;
}
