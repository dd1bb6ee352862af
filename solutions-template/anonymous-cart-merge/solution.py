def merge_carts(user: dict[str, int], session: dict[str, int], stock: dict[str, int]) -> dict[str, int]:
    """The user's cart after login: the session's cart merged into it.

    Quantities of the same product add up; the stock caps each merged quantity; a product that is
    not in `stock` is dropped (from either cart); a quantity of 0 or less counts as nothing, and a
    product that comes to 0 is left out.
    """
    # TODO: implement
    return dict(user)
