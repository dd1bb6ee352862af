#include <vector>

class Solution {
public:
    std::vector<int> twoSum(std::vector<long long>& nums, long long target) {
        // TODO: the indices of the two numbers that add up to target (any order)
        return {};
    }
};
