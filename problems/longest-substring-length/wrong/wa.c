/* The "abba" bug: left = last[c] + 1 even when that occurrence is already
 * outside the window, so the left end can jump backwards and the window then
 * contains a repeat.  "abba" gives 3 instead of 2.
 * Expected verdict: WA. */
#include <stdio.h>
#include <string.h>

static char s[100016];

int main(void) {
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    size_t n = strcspn(s, "\r\n");
    int last[256];
    for (int c = 0; c < 256; c++) last[c] = -1;
    long left = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (last[c] != -1) left = last[c] + 1; /* BUG: should be max(left, ...) */
        last[c] = (int)i;
        if ((long)i - left + 1 > best) best = (long)i - left + 1;
    }
    printf("%ld\n", best);
    return 0;
}
