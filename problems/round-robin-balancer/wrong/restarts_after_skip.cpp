#include <optional>
#include <set>
#include <string>
#include <vector>

// Counts turns over the healthy servers only, so a server going down shifts everyone's turn.
class RoundRobin {
    std::vector<std::string> servers;
    std::set<std::string> down;
    size_t turn = 0;

public:
    RoundRobin(std::vector<std::string> s) : servers(s) {}
    std::optional<std::string> next() {
        std::vector<std::string> healthy;
        for (auto& s : servers)
            if (!down.count(s)) healthy.push_back(s);
        if (healthy.empty()) return std::nullopt;
        return healthy[turn++ % healthy.size()];
    }
    void markDown(std::string s) { down.insert(s); }
    void markUp(std::string s) { down.erase(s); }
};
