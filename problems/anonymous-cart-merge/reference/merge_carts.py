def merge_carts(user, session, stock):
    """The user's cart after logging in: both carts' quantities added, capped by stock; unknown
    products and lines that come to nothing are dropped."""
    merged = {}
    for cart in (user, session):
        for product, qty in cart.items():
            if product in stock and qty > 0:
                merged[product] = merged.get(product, 0) + qty
    out = {}
    for product, qty in merged.items():
        qty = min(qty, stock[product])
        if qty > 0:
            out[product] = qty
    return out
