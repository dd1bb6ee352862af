#include <stdlib.h>

/* LeetCode's C convention: the grader calls lRUCacheCreate, then lRUCacheGet / lRUCachePut on
 * the object, and lRUCacheFree at the end of each test. */
typedef struct {
    int capacity;
    /* TODO: a hash table plus a doubly linked list */
} LRUCache;

LRUCache *lRUCacheCreate(int capacity) {
    LRUCache *obj = malloc(sizeof *obj);
    obj->capacity = capacity;
    return obj;
}

int lRUCacheGet(LRUCache *obj, int key) {
    /* TODO: the value, or -1; a hit makes key the most recently used */
    (void)obj;
    (void)key;
    return -1;
}

void lRUCachePut(LRUCache *obj, int key, int value) {
    /* TODO: store, refresh, evict the least recently used past capacity */
    (void)obj;
    (void)key;
    (void)value;
}

void lRUCacheFree(LRUCache *obj) { free(obj); }
