# Stops the clock before the view runs: the header is always about 0 ms and nothing is ever slow.
import logging
import time

logger = logging.getLogger("timing")


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        elapsed_ms = (time.perf_counter() - start) * 1000
        response = self.get_response(request)
        response["X-Response-Time"] = f"{elapsed_ms:.1f}ms"
        if elapsed_ms > 500:
            logger.warning("slow request: %s %s took %.0f ms", request.method, request.path, elapsed_ms)
        return response
