#include <optional>
#include <string>
#include <vector>

class RoundRobin {
public:
    RoundRobin(std::vector<std::string> servers) {
        // TODO: keep the servers and which are down
    }

    // The next healthy server in turn, or std::nullopt when none is healthy.
    std::optional<std::string> next() {
        return std::nullopt;  // TODO
    }

    void markDown(std::string server) {}  // TODO
    void markUp(std::string server) {}    // TODO
};
