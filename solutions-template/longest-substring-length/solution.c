#include <stdio.h>
#include <string.h>

static char s[100016];

int main(void) {
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    size_t n = strcspn(s, "\r\n"); /* length of the string */
    s[n] = '\0';

    long answer = 0;
    /* TODO: compute the length of the longest substring of s without
     * repeating characters. */

    printf("%ld\n", answer);
    return 0;
}
