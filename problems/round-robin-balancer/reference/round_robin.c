#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* LeetCode's C shape: roundRobinCreate, roundRobinNext, roundRobinMarkDown, roundRobinMarkUp,
 * roundRobinFree. next() returns NULL when no server is healthy. */
typedef struct {
    char **servers;
    bool *down;
    int size, pos;
} RoundRobin;

RoundRobin *roundRobinCreate(char **servers, int serversSize) {
    RoundRobin *rr = malloc(sizeof *rr);
    rr->servers = malloc(sizeof(char *) * (serversSize + 1));
    rr->down = calloc(serversSize + 1, sizeof(bool));
    for (int i = 0; i < serversSize; i++) rr->servers[i] = strdup(servers[i]);
    rr->size = serversSize;
    rr->pos = 0;
    return rr;
}

char *roundRobinNext(RoundRobin *obj) {
    for (int n = 0; n < obj->size; n++) {
        int i = obj->pos;
        obj->pos = (obj->pos + 1) % obj->size;
        if (!obj->down[i]) return obj->servers[i];
    }
    return NULL;
}

static void mark(RoundRobin *obj, const char *server, bool down) {
    for (int i = 0; i < obj->size; i++)
        if (strcmp(obj->servers[i], server) == 0) obj->down[i] = down;
}

void roundRobinMarkDown(RoundRobin *obj, char *server) { mark(obj, server, true); }

void roundRobinMarkUp(RoundRobin *obj, char *server) { mark(obj, server, false); }

void roundRobinFree(RoundRobin *obj) {
    for (int i = 0; i < obj->size; i++) free(obj->servers[i]);
    free(obj->servers);
    free(obj->down);
    free(obj);
}
