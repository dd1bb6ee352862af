from shop.models import Order


def paid_orders():
    # 3 queries: orders joined with customers, then items, then their products.
    return (
        Order.objects.filter(status="paid")
        .select_related("customer")
        .prefetch_related("items__product")
        .order_by("-created")
    )
