# The session's quantity replaces the user's instead of adding to it (dict.update).
def merge_carts(user, session, stock):
    merged = {p: q for p, q in user.items() if p in stock and q > 0}
    merged.update({p: q for p, q in session.items() if p in stock and q > 0})
    return {p: min(q, stock[p]) for p, q in merged.items() if min(q, stock[p]) > 0}
