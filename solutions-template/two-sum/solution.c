#include <stdlib.h>

long long *two_sum(long long *nums, int nums_size, long long target, int *return_size) {
    /* TODO: the indices of the two numbers that add up to target (any order) */
    *return_size = 0;
    return malloc(sizeof(long long) * 2);
}
