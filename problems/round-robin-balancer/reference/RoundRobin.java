import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

public class RoundRobin {
    private final List<String> servers;
    private final Set<String> down = new HashSet<>();
    private int pos = 0;

    public RoundRobin(List<String> servers) {
        this.servers = new ArrayList<>(servers);
    }

    /** The next healthy server in turn, or null when none is healthy. */
    public String next() {
        for (int n = 0; n < servers.size(); n++) {
            String server = servers.get(pos);
            pos = (pos + 1) % servers.size();
            if (!down.contains(server)) return server;
        }
        return null;
    }

    public void markDown(String server) {
        down.add(server);
    }

    public void markUp(String server) {
        down.remove(server);
    }
}
