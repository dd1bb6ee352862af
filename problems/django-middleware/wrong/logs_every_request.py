# Logs every request as a warning, slow or not.
import logging
import time

logger = logging.getLogger("timing")


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - start) * 1000
        response["X-Response-Time"] = f"{elapsed_ms:.1f}ms"
        logger.warning("%s %s took %.0f ms", request.method, request.path, elapsed_ms)
        return response
