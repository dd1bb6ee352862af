# One cache key for every product: the second product gets the first one's data.
def get_product(product_id, cache, db):
    product = cache.get("product")
    if product is None:
        product = db.get_product(product_id)
        cache.set("product", product, ttl=300)
    return product
