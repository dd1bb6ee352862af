# Only the session's unknown products are dropped: the user's cart is trusted as it is.
def merge_carts(user, session, stock):
    merged = {p: q for p, q in user.items() if q > 0}
    for p, q in session.items():
        if p in stock and q > 0:
            merged[p] = merged.get(p, 0) + q
    return {p: min(q, stock.get(p, q)) for p, q in merged.items() if min(q, stock.get(p, q)) > 0}
