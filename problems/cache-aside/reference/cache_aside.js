const TTL = 300;

function getProduct(productId, cache, db) {
  const key = `product:${productId}`;
  const cached = cache.get(key);
  if (cached !== null && cached !== undefined) return cached;
  const product = db.getProduct(productId);
  if (product !== null) cache.set(key, product, TTL);
  return product;
}
