#include <vector>

std::vector<long long> topKFrequent(std::vector<long long> nums, int k) {
    // TODO: the k most frequent values, in any order
    return {};
}
