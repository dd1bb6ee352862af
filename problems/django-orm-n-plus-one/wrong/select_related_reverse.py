# select_related follows foreign keys forward only: "items" is a reverse relation (FieldError).
from shop.models import Order


def paid_orders():
    return (
        Order.objects.filter(status="paid")
        .select_related("customer", "items")
        .order_by("-created")
    )
