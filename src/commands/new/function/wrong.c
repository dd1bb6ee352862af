/* A known-wrong answer: returns the largest number, not the sum. */
long long solve(long long *nums, int nums_size) {
    long long m = 0;
    for (int i = 0; i < nums_size; i++)
        if (i == 0 || nums[i] > m) m = nums[i];
    return m;
}
