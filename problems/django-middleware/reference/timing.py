import logging
import time

logger = logging.getLogger("timing")

SLOW_MS = 500


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - start) * 1000
        response["X-Response-Time"] = f"{elapsed_ms:.1f}ms"
        if elapsed_ms > SLOW_MS:
            logger.warning(
                "slow request: %s %s took %.0f ms", request.method, request.path, elapsed_ms
            )
        return response
