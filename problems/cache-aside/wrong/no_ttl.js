// Caches forever: stale prices after the product changes.
function getProduct(productId, cache, db) {
  const key = `product:${productId}`;
  let product = cache.get(key);
  if (product == null) {
    product = db.getProduct(productId);
    cache.set(key, product);
  }
  return product;
}
