long long solve(long long *nums, int nums_size) {
    long long s = 0;
    for (int i = 0; i < nums_size; i++) s += nums[i];
    return s;
}
