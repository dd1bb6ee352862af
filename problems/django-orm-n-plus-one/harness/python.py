"""django-orm-n-plus-one's driver: real Django on an in-memory SQLite database.

Loaded before the candidate's file: it writes the `shop` app (its models below) into the working
folder, configures Django in-process, and creates the tables, so that the candidate's
`from shop.models import Order` works. `run(paid_orders, scenario)` seeds the scenario's data,
calls the candidate's function and walks its result as the report does (order.customer.name,
order.items.all(), item.product.name, item.quantity) while Django counts the queries, and returns
"ok" or what went wrong; each [[tests]] entry is one scenario, expected "ok".
"""
import collections
import datetime
import os
import re
import sys

MAX_QUERIES = 3

MODELS = '''\
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=8, decimal_places=2)


class Order(models.Model):
    STATUSES = [("pending", "pending"), ("paid", "paid"), ("cancelled", "cancelled")]
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=10, choices=STATUSES)
    created = models.DateTimeField()


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
'''

app = os.path.join(os.getcwd(), "grader_apps", "shop")
os.makedirs(app, exist_ok=True)
with open(os.path.join(app, "__init__.py"), "w") as f:
    f.write("")
with open(os.path.join(app, "models.py"), "w") as f:
    f.write(MODELS)
sys.path.insert(0, os.path.dirname(app))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="grader-django-orm",
    INSTALLED_APPS=["shop"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
    LOGGING_CONFIG=None,
)
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from shop.models import Customer, Order, OrderItem, Product  # noqa: E402

with connection.schema_editor() as editor:
    for model in (Customer, Product, Order, OrderItem):
        editor.create_model(model)

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.timezone.utc)


class Wrong(Exception):
    pass


def seed(orders):
    """Fresh data: `orders` is a list of (customer, status, minute, [(product, quantity)]).
    Returns the expected report rows: (order id, customer, sorted items), newest first."""
    for model in (OrderItem, Order, Product, Customer):
        model.objects.all().delete()
    customers, products, expected = {}, {}, []
    for customer, status, minute, items in orders:
        if customer not in customers:
            customers[customer] = Customer.objects.create(name=customer)
        order = Order.objects.create(
            customer=customers[customer],
            status=status,
            created=START + datetime.timedelta(minutes=minute),
        )
        for product, quantity in items:
            if product not in products:
                products[product] = Product.objects.create(name=product, price=10)
            OrderItem.objects.create(order=order, product=products[product], quantity=quantity)
        if status == "paid":
            expected.append((minute, (order.id, customer, sorted(items))))
    expected.sort(key=lambda e: e[0], reverse=True)
    return [row for _, row in expected]


def walk(result):
    """The report: what it reads of every order the candidate returned."""
    if result is None:
        raise Wrong("paid_orders() returned None: return the queryset of orders")
    try:
        orders = iter(result)
    except TypeError:
        raise Wrong("paid_orders() returned a %s, not a queryset (or list) of orders"
                    % type(result).__name__)
    rows = []
    for order in orders:
        if not isinstance(order, Order):
            raise Wrong("paid_orders() should give Order objects; one is a %s (%r)"
                        % (type(order).__name__, order))
        items = sorted((item.product.name, item.quantity) for item in order.items.all())
        rows.append((order.id, order.customer.name, items))
    return rows


def show(row):
    order_id, customer, items = row
    listed = ", ".join("%s x%d" % (p, q) for p, q in items) or "no items"
    return "order %d (%s: %s)" % (order_id, customer, listed)


def compare(got, want):
    if got == want:
        return None
    counts = collections.Counter(r[0] for r in got)
    repeated = [i for i, n in counts.items() if n > 1]
    if repeated:
        return "order %d is listed %d times; each paid order once (%d rows for %d paid orders)" % (
            repeated[0], counts[repeated[0]], len(got), len(want))
    want_ids = [r[0] for r in want]
    got_ids = [r[0] for r in got]
    missing = [r for r in want if r[0] not in got_ids]
    if missing:
        return "%s is missing (%d of %d paid orders listed)" % (
            show(missing[0]), len(got), len(want))
    extra = [i for i in got_ids if i not in want_ids]
    if extra:
        order = Order.objects.get(id=extra[0])
        return "order %d is listed but its status is %r; only paid orders" % (extra[0], order.status)
    if sorted(got_ids) == sorted(want_ids) and got_ids != want_ids:
        return "the orders should be newest first (by created): expected ids %s, got %s" % (
            want_ids, got_ids)
    for g, w in zip(got, want):
        if g != w:
            return "expected %s, got %s" % (show(w), show(g))
    return "the report differs"


def pattern(sql):
    """A query with its values blanked, to count the queries that repeat."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"IN \((\?(, )?)+\)", "IN (...)", sql)


def report(fn, orders):
    want = seed(orders)
    with CaptureQueriesContext(connection) as queries:
        rows = walk(fn())
    return rows, want, [q["sql"] for q in queries.captured_queries]


def queries_verdict(sqls, want):
    items = sum(len(r[2]) for r in want)
    if len(sqls) <= MAX_QUERIES:
        return "ok"
    top, count = collections.Counter(pattern(s) for s in sqls).most_common(1)[0]
    return (
        "%d queries for %d orders and %d items, at most %d allowed (N+1): `%s` ran %d times; "
        "load related rows with select_related / prefetch_related"
        % (len(sqls), len(want), items, MAX_QUERIES, top[:160], count)
    )


def run(paid_orders, scenario):
    try:
        return scenario_result(paid_orders, scenario)
    except Wrong as e:
        return str(e)


def mixed():
    return [
        ("Ann", "paid", 10, [("Kettle", 1), ("Mug", 2)]),
        ("Bob", "pending", 20, [("Toaster", 1)]),
        ("Ann", "paid", 30, [("Toaster", 1)]),
        ("Cid", "cancelled", 40, [("Mug", 4)]),
        ("Bob", "paid", 50, [("Kettle", 2), ("Mug", 1), ("Tea", 3)]),
        ("Dee", "paid", 5, [("Tea", 1)]),
    ]


def many(n_orders, items_per_order, customers=7):
    products = ["Kettle", "Mug", "Toaster", "Tea", "Spoon", "Plate", "Bowl", "Jar", "Lid"]
    orders = []
    for i in range(n_orders):
        k = items_per_order if items_per_order else 1 + i % 4
        items = [(products[(i + j) % len(products)] + str(j // len(products) or ""), 1 + (i * j) % 5)
                 for j in range(k)]
        status = "pending" if i % 5 == 4 else "paid"
        orders.append(("Customer %d" % (i % customers), status, 3 * i, items))
    return orders


def scenario_result(fn, scenario):
    if scenario == "paid-orders-newest-first":
        rows, want, _ = report(fn, mixed())
        return compare(rows, want) or "ok"
    if scenario == "order-without-items":
        rows, want, _ = report(fn, mixed() + [("Eve", "paid", 60, [])])
        return compare(rows, want) or "ok"
    if scenario == "each-order-once":
        orders = [("Ann", "paid", 1, [("Kettle", 1), ("Mug", 1), ("Tea", 2)]),
                  ("Bob", "paid", 2, [("Mug", 3)])]
        rows, want, _ = report(fn, orders)
        return compare(rows, want) or "ok"
    if scenario == "no-paid-orders":
        rows, want, _ = report(fn, [("Ann", "pending", 1, [("Mug", 1)]),
                                    ("Bob", "cancelled", 2, [])])
        return compare(rows, want) or "ok"
    if scenario == "at-most-3-queries":
        orders = many(6, 2, customers=4)
    elif scenario == "queries-40-orders":
        orders = many(50, 0)
    elif scenario == "queries-many-items":
        orders = many(3, 25)
    else:
        raise ValueError("unknown scenario %r" % scenario)
    rows, want, sqls = report(fn, orders)
    wrong = compare(rows, want)
    if wrong:
        return "the report is wrong (queries are judged on a right report): " + wrong
    return queries_verdict(sqls, want)
