#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

bool is_valid(char *s) {
    size_t n = strlen(s), top = 0;
    char *stack = malloc(n + 1);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        char c = s[i], want = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
        if (!want) stack[top++] = c;
        else if (top == 0 || stack[--top] != want) ok = false;
    }
    free(stack);
    return ok && top == 0;
}
