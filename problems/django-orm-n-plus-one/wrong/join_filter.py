# Filters through the items: an order is repeated once per item and an order without items is
# dropped.
from shop.models import Order


def paid_orders():
    return (
        Order.objects.filter(status="paid", items__quantity__gte=1)
        .select_related("customer")
        .prefetch_related("items__product")
        .order_by("-created")
    )
