# The right orders, but every order.customer, order.items and item.product is a query of its own.
from shop.models import Order


def paid_orders():
    return Order.objects.filter(status="paid").order_by("-created")
