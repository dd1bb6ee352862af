def get_product(product_id, cache, db):
    """Return the product, from the cache when it holds it (ttl 300 s), else from db."""
    # TODO: look in the cache first; on a miss read db.get_product and cache.set(key, product, ttl=300)
    return db.get_product(product_id)
