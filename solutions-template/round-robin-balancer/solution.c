#include <stdlib.h>

/* LeetCode's C convention: the grader calls roundRobinCreate, then roundRobinNext /
 * roundRobinMarkDown / roundRobinMarkUp on the object, and roundRobinFree at the end of each
 * test. The strings passed in stay valid for the whole test. */
typedef struct {
    char **servers;
    int size;
    /* TODO: which servers are down, and whose turn it is */
} RoundRobin;

RoundRobin *roundRobinCreate(char **servers, int serversSize) {
    RoundRobin *obj = malloc(sizeof *obj);
    obj->servers = servers;
    obj->size = serversSize;
    return obj;
}

/* The next healthy server in turn, or NULL when none is healthy. */
char *roundRobinNext(RoundRobin *obj) {
    (void)obj;
    return NULL; /* TODO */
}

void roundRobinMarkDown(RoundRobin *obj, char *server) {
    (void)obj;
    (void)server; /* TODO */
}

void roundRobinMarkUp(RoundRobin *obj, char *server) {
    (void)obj;
    (void)server; /* TODO */
}

void roundRobinFree(RoundRobin *obj) { free(obj); }
