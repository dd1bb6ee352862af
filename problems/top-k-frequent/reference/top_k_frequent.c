#include <stdlib.h>

/* Sort a copy, count runs, then pick the k largest counts (n is small). */
static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

long long *top_k_frequent(long long *nums, int nums_size, long long k, int *return_size) {
    long long *sorted = malloc(sizeof(long long) * (nums_size + 1));
    long long *vals = malloc(sizeof(long long) * (nums_size + 1));
    int *counts = malloc(sizeof(int) * (nums_size + 1));
    int m = 0;
    for (int i = 0; i < nums_size; i++) sorted[i] = nums[i];
    qsort(sorted, nums_size, sizeof(long long), cmp_ll);
    for (int i = 0; i < nums_size; i++) {
        if (m > 0 && vals[m - 1] == sorted[i]) counts[m - 1]++;
        else { vals[m] = sorted[i]; counts[m] = 1; m++; }
    }
    long long *out = malloc(sizeof(long long) * (k + 1));
    for (int j = 0; j < k; j++) {
        int best = -1;
        for (int i = 0; i < m; i++)
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) best = i;
        out[j] = vals[best];
        counts[best] = 0;
    }
    *return_size = (int)k;
    free(sorted);
    free(vals);
    free(counts);
    return out;
}
