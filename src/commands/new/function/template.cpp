#include <vector>

long long solve(std::vector<long long> nums) {
    // TODO: the sum of the numbers of nums
    return 0;
}
