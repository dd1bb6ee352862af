# The header in seconds ("0.012"), not milliseconds ("12.0ms").
import logging
import time

logger = logging.getLogger("timing")


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        elapsed = time.monotonic() - start
        response["X-Response-Time"] = f"{elapsed:.3f}"
        if elapsed > 0.5:
            logger.warning("slow request: %s %s took %.3f s", request.method, request.path, elapsed)
        return response
