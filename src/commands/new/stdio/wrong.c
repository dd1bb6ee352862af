#include <stdio.h>

int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    /* A known-wrong answer: subtracts instead of adding. */
    printf("%lld\n", a - b);
    return 0;
}
