#include <stdlib.h>

long long *top_k_frequent(long long *nums, int nums_size, long long k, int *return_size) {
    /* TODO: the k most frequent values, in any order */
    *return_size = 0;
    return malloc(sizeof(long long));
}
