// A known-wrong answer: returns the largest number, not the sum.
#include <algorithm>
#include <vector>

long long solve(std::vector<long long> nums) {
    return nums.empty() ? 0 : *std::max_element(nums.begin(), nums.end());
}
