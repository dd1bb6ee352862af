import java.util.*;

public class ShortestPath {
    public static long shortestPath(Network net, long source, long target) {
        int n = (int) net.n;
        List<List<long[]>> adj = new ArrayList<>();
        for (int i = 0; i < n; i++) adj.add(new ArrayList<>());
        for (List<Object> e : net.edges) {
            int u = ((Number) e.get(0)).intValue();
            adj.get(u).add(new long[] {((Number) e.get(1)).longValue(), ((Number) e.get(2)).longValue()});
        }
        long[] dist = new long[n];
        Arrays.fill(dist, Long.MAX_VALUE);
        dist[(int) source] = 0;
        PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
        heap.add(new long[] {0, source});
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int u = (int) top[1];
            if (u == target) return top[0];
            if (top[0] > dist[u]) continue;
            for (long[] vw : adj.get(u)) {
                int v = (int) vw[0];
                if (top[0] + vw[1] < dist[v]) {
                    dist[v] = top[0] + vw[1];
                    heap.add(new long[] {dist[v], v});
                }
            }
        }
        return -1;
    }
}
