import java.util.List;

public class RoundRobin {
    public RoundRobin(List<String> servers) {
        // TODO: keep the servers and which are down
    }

    /** The next healthy server in turn, or null when none is healthy. */
    public String next() {
        return null; // TODO
    }

    public void markDown(String server) {
        // TODO
    }

    public void markUp(String server) {
        // TODO
    }
}
