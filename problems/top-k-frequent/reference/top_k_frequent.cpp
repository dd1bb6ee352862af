#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

std::vector<long long> topKFrequent(std::vector<long long> nums, int k) {
    std::unordered_map<long long, int> count;
    for (long long x : nums) count[x]++;
    std::vector<std::pair<int, long long>> byCount;
    for (auto& [x, c] : count) byCount.push_back({c, x});
    std::sort(byCount.rbegin(), byCount.rend());
    std::vector<long long> out;
    for (int i = 0; i < k; i++) out.push_back(byCount[i].second);
    return out;
}
