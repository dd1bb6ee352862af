/* Leftmost longest substring without repeating characters, in O(n) with a sliding window.
 * s is UTF-8: the window moves by code point (an emoji is one character) and the answer is a
 * malloc'd copy of the original bytes. */
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned key;  /* the code point's bytes */
    size_t last;   /* its last index, plus one (0: empty slot) */
} slot;

char* longest_substring(char* s) {
    size_t n = strlen(s);
    size_t* starts = malloc((n + 1) * sizeof *starts); /* byte offset of each code point */
    unsigned* points = malloc((n + 1) * sizeof *points);
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        unsigned char lead = (unsigned char)s[i];
        size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
        unsigned cp = 0;
        for (size_t k = 0; k < len && i + k < n; k++) cp = cp << 8 | (unsigned char)s[i + k];
        starts[count] = i;
        points[count++] = cp;
        i += len;
    }
    starts[count] = n;
    /* An open-addressing hash table from code point to its last index. */
    size_t cap = 16;
    while (cap < 2 * count + 2) cap *= 2;
    slot* table = calloc(cap, sizeof *table);
    size_t left = 0, best_start = 0, best_len = 0;
    for (size_t right = 0; right < count; right++) {
        size_t h = (points[right] * 2654435761u) & (cap - 1);
        while (table[h].last && table[h].key != points[right]) h = (h + 1) & (cap - 1);
        if (table[h].last && table[h].last - 1 >= left) left = table[h].last;
        table[h].key = points[right];
        table[h].last = right + 1;
        if (right - left + 1 > best_len) {
            best_len = right - left + 1;
            best_start = left;
        }
    }
    size_t from = starts[best_start], bytes = starts[best_start + best_len] - from;
    char* out = malloc(bytes + 1);
    memcpy(out, s + from, bytes);
    out[bytes] = 0;
    free(starts);
    free(points);
    free(table);
    return out;
}
