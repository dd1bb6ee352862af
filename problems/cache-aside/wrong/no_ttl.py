# Caches forever: stale prices after the product changes.
def get_product(product_id, cache, db):
    key = f"product:{product_id}"
    product = cache.get(key)
    if product is None:
        product = db.get_product(product_id)
        cache.set(key, product)
    return product
