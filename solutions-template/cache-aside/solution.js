function getProduct(productId, cache, db) {
  // TODO: look in the cache first; on a miss read db.getProduct and cache.set(key, product, 300)
  return db.getProduct(productId);
}
