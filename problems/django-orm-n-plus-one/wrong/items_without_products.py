# Customers and items are fetched up front, but each item's product is still one query per item.
from shop.models import Order


def paid_orders():
    return (
        Order.objects.filter(status="paid")
        .select_related("customer")
        .prefetch_related("items")
        .order_by("-created")
    )
