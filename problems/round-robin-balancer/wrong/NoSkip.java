import java.util.List;

// Ignores health: hands out servers that are down.
class RoundRobin {
    private final List<String> servers;
    private int pos = 0;

    RoundRobin(List<String> servers) {
        this.servers = servers;
    }

    String next() {
        if (servers.isEmpty()) return null;
        return servers.get(pos++ % servers.size());
    }

    void markDown(String server) {}

    void markUp(String server) {}
}
