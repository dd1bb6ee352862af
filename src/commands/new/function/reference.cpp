#include <vector>

long long solve(std::vector<long long> nums) {
    long long s = 0;
    for (long long x : nums) s += x;
    return s;
}
