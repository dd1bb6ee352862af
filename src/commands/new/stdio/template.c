#include <stdio.h>

int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    /* TODO: print the sum of a and b. */
    printf("%lld\n", 0LL);
    return 0;
}
