/* Classic mistake: on a repeated character the window restarts at the current character instead
 * of shrinking just past the previous occurrence. "dvdf" gives "dv" instead of "vdf".
 * Expected verdict: WA. */
#include <stdlib.h>
#include <string.h>

char* longest_substring(char* s) {
    int seen[256] = {0};
    long n = (long)strlen(s), left = 0, best_start = 0, best_len = 0;
    for (long right = 0; right < n; right++) {
        unsigned char c = (unsigned char)s[right];
        if (seen[c]) {
            memset(seen, 0, sizeof seen);
            left = right;
        }
        seen[c] = 1;
        if (right - left + 1 > best_len) {
            best_len = right - left + 1;
            best_start = left;
        }
    }
    char* out = malloc((size_t)best_len + 1);
    memcpy(out, s + best_start, (size_t)best_len);
    out[best_len] = 0;
    return out;
}
