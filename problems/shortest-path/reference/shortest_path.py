import heapq


def shortest_path(net, source, target):
    adj = [[] for _ in range(net["n"])]
    for u, v, w in net["edges"]:
        adj[u].append((v, w))
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == target:
            return d
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist.get(v, float("inf")):
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return -1
