#include <stdlib.h>

/* LeetCode's C shape: lRUCacheCreate, lRUCacheGet, lRUCachePut, lRUCacheFree. Keys are small
 * here, but any int works: an open-addressing table indexes a doubly linked list. */
typedef struct Node {
    int key, value;
    struct Node *prev, *next;
} Node;

typedef struct {
    int capacity, size, slots;
    Node **table; /* open addressing by key; NULL empty, &tomb a deleted slot */
    Node head;    /* sentinel: head.next most recent, head.prev least recent */
} LRUCache;

static Node tomb;

static unsigned slot_of(const LRUCache *c, int key) { return ((unsigned)key * 2654435761u) % (unsigned)c->slots; }

static Node **find(LRUCache *c, int key) {
    unsigned h = slot_of(c, key);
    for (int n = 0; n < c->slots; n++, h = (h + 1) % c->slots) {
        Node *x = c->table[h];
        if (!x) return NULL;
        if (x != &tomb && x->key == key) return &c->table[h];
    }
    return NULL;
}

static void insert(LRUCache *c, Node *x) {
    unsigned h = slot_of(c, x->key);
    while (c->table[h] && c->table[h] != &tomb) h = (h + 1) % c->slots;
    c->table[h] = x;
}

static void unlink_node(Node *x) {
    x->prev->next = x->next;
    x->next->prev = x->prev;
}

static void push_front(LRUCache *c, Node *x) {
    x->next = c->head.next;
    x->prev = &c->head;
    c->head.next->prev = x;
    c->head.next = x;
}

LRUCache *lRUCacheCreate(int capacity) {
    LRUCache *c = calloc(1, sizeof *c);
    c->capacity = capacity;
    c->slots = 4 * capacity + 7;
    c->table = calloc(c->slots, sizeof(Node *));
    c->head.next = c->head.prev = &c->head;
    return c;
}

int lRUCacheGet(LRUCache *obj, int key) {
    Node **at = find(obj, key);
    if (!at) return -1;
    unlink_node(*at);
    push_front(obj, *at);
    return (*at)->value;
}

void lRUCachePut(LRUCache *obj, int key, int value) {
    Node **at = find(obj, key);
    if (at) {
        (*at)->value = value;
        unlink_node(*at);
        push_front(obj, *at);
        return;
    }
    if (obj->size == obj->capacity) {
        Node *old = obj->head.prev;
        *find(obj, old->key) = &tomb;
        unlink_node(old);
        free(old);
        obj->size--;
    }
    Node *x = malloc(sizeof *x);
    x->key = key;
    x->value = value;
    insert(obj, x);
    push_front(obj, x);
    obj->size++;
}

void lRUCacheFree(LRUCache *obj) {
    for (Node *x = obj->head.next, *next; x != &obj->head; x = next) {
        next = x->next;
        free(x);
    }
    free(obj->table);
    free(obj);
}
