# A breadth-first search: the path with the fewest edges, its weight summed.
from collections import deque


def shortest_path(net, source, target):
    adj = [[] for _ in range(net["n"])]
    for u, v, w in net["edges"]:
        adj[u].append((v, w))
    cost = {source: 0}
    todo = deque([source])
    while todo:
        u = todo.popleft()
        for v, w in adj[u]:
            if v not in cost:
                cost[v] = cost[u] + w
                todo.append(v)
    return cost.get(target, -1)
