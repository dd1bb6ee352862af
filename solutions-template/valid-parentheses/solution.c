#include <stdbool.h>

bool is_valid(char *s) {
    /* TODO: true when every bracket is closed by the same kind, in the right order */
    (void)s;
    return false;
}
