#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

class RoundRobin {
    std::vector<std::string> servers;
    std::unordered_set<std::string> down;
    size_t pos = 0;

public:
    explicit RoundRobin(std::vector<std::string> servers) : servers(std::move(servers)) {}

    // The next healthy server in turn, or std::nullopt when none is healthy.
    std::optional<std::string> next() {
        for (size_t n = 0; n < servers.size(); n++) {
            const std::string& server = servers[pos];
            pos = (pos + 1) % servers.size();
            if (!down.count(server)) return server;
        }
        return std::nullopt;
    }

    void markDown(const std::string& server) { down.insert(server); }
    void markUp(const std::string& server) { down.erase(server); }
};
