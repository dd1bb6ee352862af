#include <stdlib.h>

/* O(n^2) would time out on the large test: sort indices by value, then two pointers. */
static long long *vals;
static int cmp(const void *a, const void *b) {
    long long x = vals[*(const int *)a], y = vals[*(const int *)b];
    return (x > y) - (x < y);
}

long long *two_sum(long long *nums, int nums_size, long long target, int *return_size) {
    int *idx = malloc(sizeof(int) * (nums_size + 1));
    for (int i = 0; i < nums_size; i++) idx[i] = i;
    vals = nums;
    qsort(idx, nums_size, sizeof(int), cmp);
    long long *r = malloc(sizeof(long long) * 2);
    *return_size = 0;
    int lo = 0, hi = nums_size - 1;
    while (lo < hi) {
        long long s = nums[idx[lo]] + nums[idx[hi]];
        if (s == target) {
            r[0] = idx[lo];
            r[1] = idx[hi];
            *return_size = 2;
            break;
        }
        if (s < target) lo++; else hi--;
    }
    free(idx);
    return r;
}
