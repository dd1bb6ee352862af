/* A correct sliding window over bytes: a multi-byte UTF-8 character counts as several, so the
 * answer can cut one in half. Expected verdict: WA (on non-ASCII tests). */
#include <stdlib.h>
#include <string.h>

char* longest_substring(char* s) {
    long last[256];
    for (int c = 0; c < 256; c++) last[c] = -1;
    long n = (long)strlen(s), left = 0, best_start = 0, best_len = 0;
    for (long right = 0; right < n; right++) {
        unsigned char c = (unsigned char)s[right];
        if (last[c] >= left) left = last[c] + 1;
        last[c] = right;
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
