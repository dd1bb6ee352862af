TTL = 300


def get_product(product_id, cache, db):
    key = f"product:{product_id}"
    product = cache.get(key)
    if product is not None:
        return product
    product = db.get_product(product_id)
    if product is not None:
        cache.set(key, product, ttl=TTL)
    return product
