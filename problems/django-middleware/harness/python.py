"""django-middleware's driver: real Django, configured in-process (no database, no server).

Loaded before the candidate's file. `run(TimingMiddleware, scenario)` installs the candidate's
class as the only entry of MIDDLEWARE, sends requests through Django's test client to the views
below, and returns "ok" or what went wrong; each [[tests]] entry is one scenario, expected "ok".
"""
import logging
import re
import sys
import time
import types

import django
from django.conf import settings

SLOW_MS = 500

settings.configure(
    DEBUG=False,
    SECRET_KEY="grader-django-middleware",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="grader_urls",
    MIDDLEWARE=["grader_candidate.TimingMiddleware"],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
    LOGGING_CONFIG=None,
)
django.setup()

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

# Django reports a view's exception (the 500 scenario) on "django.request": not the candidate's
# business, and not a warning of theirs.
logging.getLogger("django.request").addHandler(logging.NullHandler())
logging.getLogger("django.request").propagate = False

STATE = {"calls": 0, "sleep": 0.0}


def ok_view(request):
    STATE["calls"] += 1
    response = HttpResponse("hello")
    response["X-View"] = "yes"
    return response


def created_view(request):
    STATE["calls"] += 1
    return JsonResponse({"id": 7}, status=201, headers={"Location": "/orders/7"})


def slow_view(request):
    STATE["calls"] += 1
    time.sleep(STATE["sleep"])
    return HttpResponse("done")


def missing_view(request):
    STATE["calls"] += 1
    return HttpResponseNotFound("no such page")


def boom_view(request):
    STATE["calls"] += 1
    raise ValueError("the view failed")


urls = types.ModuleType("grader_urls")
urls.urlpatterns = [
    path("ok", ok_view),
    path("orders", created_view),
    path("slow", slow_view),
    path("missing", missing_view),
    path("boom", boom_view),
]
sys.modules["grader_urls"] = urls
candidate_module = types.ModuleType("grader_candidate")
sys.modules["grader_candidate"] = candidate_module


class Records(logging.Handler):
    """Warnings (and worse) logged by the candidate: any logger but Django's own."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        if not record.name.startswith("django"):
            self.records.append(record)


MS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*ms\s*$")


def header_ms(response):
    """The X-Response-Time header in milliseconds, or an error message."""
    if not response.has_header("X-Response-Time"):
        names = ", ".join(sorted(response.headers)) or "none"
        return None, "the response has no X-Response-Time header (its headers: %s)" % names
    value = response["X-Response-Time"]
    m = MS.match(value)
    if not m:
        return None, (
            "X-Response-Time is %r: it should be the time in milliseconds, like '12.5ms'" % value
        )
    return float(m.group(1)), None


def request(method, url, sleep=0.0):
    STATE["calls"] = 0
    STATE["sleep"] = sleep
    client = Client(raise_request_exception=False)
    t0 = time.perf_counter()
    response = getattr(client, method)(url)
    total_ms = (time.perf_counter() - t0) * 1000
    return response, total_ms


def logged(records):
    return "%d warning%s logged (%s)" % (
        len(records),
        "" if len(records) == 1 else "s",
        "; ".join(repr(r.getMessage()[:120]) for r in records[:3]),
    )


def run(middleware, scenario):
    candidate_module.TimingMiddleware = middleware
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        return scenario_result(scenario, records.records)
    finally:
        root.removeHandler(records)


def scenario_result(scenario, records):
    if scenario == "adds-header":
        response, _ = request("get", "/ok")
        ms, err = header_ms(response)
        return err or "ok"
    if scenario == "response-unchanged":
        response, _ = request("post", "/orders")
        if response.status_code != 201:
            return "POST /orders: the view answered 201, the client got %d" % response.status_code
        if response.content != b'{"id": 7}':
            return "POST /orders: the view's body was %r, the client got %r" % (
                b'{"id": 7}', response.content[:100])
        if response.get("Location") != "/orders/7":
            return "POST /orders: the view's Location header /orders/7 was lost (got %r)" % (
                response.get("Location"),)
        if STATE["calls"] != 1:
            return "POST /orders: the view ran %d times for one request" % STATE["calls"]
        return header_ms(response)[1] or "ok"
    if scenario == "view-called-once":
        for i in range(3):
            request("get", "/ok")
            if STATE["calls"] != 1:
                return "request %d: the view ran %d times for one request" % (i + 1, STATE["calls"])
        return "ok"
    if scenario == "measures-the-view":
        response, total_ms = request("get", "/slow", sleep=0.2)
        ms, err = header_ms(response)
        if err:
            return err
        if ms < 200:
            return (
                "X-Response-Time is %s, but the view alone took 200 ms: start the clock before "
                "calling get_response and stop it after it returns" % response["X-Response-Time"]
            )
        if ms > total_ms + 1:
            return "X-Response-Time is %s, but the whole request took %.1f ms" % (
                response["X-Response-Time"], total_ms)
        return "ok"
    if scenario == "every-response":
        for method, url, status in (("get", "/missing", 404), ("post", "/boom", 500)):
            response, _ = request(method, url)
            if response.status_code != status:
                return "%s %s: expected status %d, got %d" % (
                    method.upper(), url, status, response.status_code)
            err = header_ms(response)[1]
            if err:
                return "%s %s (a %d response): %s" % (method.upper(), url, status, err)
        return "ok"
    if scenario == "slow-request-logged":
        response, total_ms = request("get", "/slow", sleep=0.55)
        if not records:
            return "GET /slow took %.0f ms (over %d ms) but no warning was logged" % (
                total_ms, SLOW_MS)
        if len(records) > 1:
            return "one slow request, but " + logged(records)
        message = records[0].getMessage()
        missing = [w for w, text in (("the method", "GET"), ("the path", "/slow")) if text not in message]
        if not re.search(r"\d", message):
            missing.append("the time")
        if missing:
            return "the warning %r does not give %s" % (message[:200], " and ".join(missing))
        return "ok"
    if scenario == "fast-request-not-logged":
        totals = [request("get", "/ok")[1], request("post", "/orders")[1]]
        # Only a warning for requests that really were fast (on a machine under heavy load).
        if records and max(totals) < SLOW_MS:
            return "two fast requests (%.0f ms at most), but %s" % (max(totals), logged(records))
        return "ok"
    if scenario == "300ms-not-logged":
        _, total_ms = request("get", "/slow", sleep=0.3)
        if records and total_ms < SLOW_MS:
            return "a %.0f ms request is under the %d ms threshold, but %s" % (
                total_ms, SLOW_MS, logged(records))
        return "ok"
    raise ValueError("unknown scenario %r" % scenario)
