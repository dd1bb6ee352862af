# Always reads the database: correct values, but the cache is never used.
def get_product(product_id, cache, db):
    return db.get_product(product_id)
