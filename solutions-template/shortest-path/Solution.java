import java.util.*;

public class Solution {
    // Network (given): public long n; public List<List<Object>> edges (each [u, v, w]).
    public long shortestPath(Network net, long source, long target) {
        // TODO: the cheapest cost from source to target (edges are one way), or -1.
        return -1;
    }
}
