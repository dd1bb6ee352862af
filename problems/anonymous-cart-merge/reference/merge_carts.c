#include <stdlib.h>
#include <string.h>

/* A map<string,int> comes as its keys, its values and its size; the merged cart is returned as
 * its keys, with its values and size written through the two last parameters. */

/* An open-addressing index over the stock's keys, so that 20,000 products stay linear. */
static unsigned long hash(const char *s) {
    unsigned long h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h;
}

char **merge_carts(char **user_keys, long long *user_values, int user_size,
                   char **session_keys, long long *session_values, int session_size,
                   char **stock_keys, long long *stock_values, int stock_size,
                   long long **out_values, int *out_size) {
    int cap = 1;
    while (cap < 2 * (stock_size + 1)) cap *= 2;
    int *slot = malloc(sizeof(int) * cap);
    for (int i = 0; i < cap; i++) slot[i] = -1;
    for (int i = 0; i < stock_size; i++) {
        unsigned long h = hash(stock_keys[i]) & (cap - 1);
        while (slot[h] >= 0) h = (h + 1) & (cap - 1);
        slot[h] = i;
    }
    /* merged[i]: the quantity of stock product i in the carts, -1 while no cart has it. */
    long long *merged = malloc(sizeof(long long) * (stock_size + 1));
    int *order = malloc(sizeof(int) * (stock_size + 1));
    int n = 0;
    for (int i = 0; i < stock_size; i++) merged[i] = -1;
    char **keys[2] = {user_keys, session_keys};
    long long *values[2] = {user_values, session_values};
    int sizes[2] = {user_size, session_size};
    for (int c = 0; c < 2; c++) {
        for (int j = 0; j < sizes[c]; j++) {
            if (values[c][j] <= 0) continue;
            unsigned long h = hash(keys[c][j]) & (cap - 1);
            int at = -1;
            for (; slot[h] >= 0; h = (h + 1) & (cap - 1))
                if (strcmp(stock_keys[slot[h]], keys[c][j]) == 0) {
                    at = slot[h];
                    break;
                }
            if (at < 0) continue; /* unknown product */
            if (merged[at] < 0) {
                merged[at] = 0;
                order[n++] = at;
            }
            merged[at] += values[c][j];
        }
    }
    char **out_keys = malloc(sizeof(char *) * (n + 1));
    *out_values = malloc(sizeof(long long) * (n + 1));
    *out_size = 0;
    for (int k = 0; k < n; k++) {
        int i = order[k];
        long long qty = merged[i] < stock_values[i] ? merged[i] : stock_values[i];
        if (qty <= 0) continue;
        out_keys[*out_size] = stock_keys[i];
        (*out_values)[*out_size] = qty;
        (*out_size)++;
    }
    free(slot);
    free(merged);
    free(order);
    return out_keys;
}
