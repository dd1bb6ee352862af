#include <stdlib.h>
#include <string.h>

/* A product in both carts takes the session's quantity (the anonymous cart "wins"). */
char **merge_carts(char **user_keys, long long *user_values, int user_size,
                   char **session_keys, long long *session_values, int session_size,
                   char **stock_keys, long long *stock_values, int stock_size,
                   long long **out_values, int *out_size) {
    char **keys = malloc(sizeof(char *) * (user_size + session_size + 1));
    *out_values = malloc(sizeof(long long) * (user_size + session_size + 1));
    int n = 0;
    for (int c = 0; c < 2; c++) {
        char **k = c ? session_keys : user_keys;
        long long *v = c ? session_values : user_values;
        int size = c ? session_size : user_size;
        for (int j = 0; j < size; j++) {
            int s = -1;
            for (int i = 0; i < stock_size; i++)
                if (strcmp(stock_keys[i], k[j]) == 0) s = i;
            if (s < 0 || v[j] <= 0) continue;
            long long q = v[j] < stock_values[s] ? v[j] : stock_values[s];
            int at = -1;
            for (int i = 0; i < n; i++)
                if (strcmp(keys[i], k[j]) == 0) at = i;
            if (at < 0) {
                at = n++;
                keys[at] = k[j];
            }
            (*out_values)[at] = q;
        }
    }
    /* Lines capped to 0 are removed. */
    int m = 0;
    for (int i = 0; i < n; i++)
        if ((*out_values)[i] > 0) {
            keys[m] = keys[i];
            (*out_values)[m++] = (*out_values)[i];
        }
    *out_size = m;
    return keys;
}
