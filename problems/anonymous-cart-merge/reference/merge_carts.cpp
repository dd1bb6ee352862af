#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

std::map<std::string, long long> mergeCarts(const std::unordered_map<std::string, long long>& user,
                                            const std::unordered_map<std::string, long long>& session,
                                            const std::unordered_map<std::string, long long>& stock) {
    std::unordered_map<std::string, long long> merged;
    for (const auto* cart : {&user, &session})
        for (const auto& [product, qty] : *cart)
            if (qty > 0 && stock.count(product)) merged[product] += qty;
    std::map<std::string, long long> out;
    for (const auto& [product, qty] : merged) {
        long long capped = std::min(qty, stock.at(product));
        if (capped > 0) out[product] = capped;
    }
    return out;
}
