# The pre-Django-1.10 style: process_request/process_response on a plain class, which a modern
# MIDDLEWARE setting cannot instantiate (it passes get_response to the constructor).
import time


class TimingMiddleware:
    def process_request(self, request):
        request._start = time.perf_counter()

    def process_response(self, request, response):
        elapsed_ms = (time.perf_counter() - request._start) * 1000
        response["X-Response-Time"] = f"{elapsed_ms:.1f}ms"
        return response
