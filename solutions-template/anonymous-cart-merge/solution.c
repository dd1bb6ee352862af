#include <stdlib.h>

/* Each map<string,int> comes as its keys, its values and its size (in no particular order).
 * Return the merged cart's keys; write its values through out_values and its size through
 * out_size (malloc'd arrays; strings may be the ones passed in). */
char **merge_carts(char **user_keys, long long *user_values, int user_size,
                   char **session_keys, long long *session_values, int session_size,
                   char **stock_keys, long long *stock_values, int stock_size,
                   long long **out_values, int *out_size) {
    /* TODO: quantities add, the stock caps each one, products not in stock are dropped, and
     * lines that come to 0 (or less) are left out. */
    *out_values = user_values;
    *out_size = user_size;
    return user_keys;
}
