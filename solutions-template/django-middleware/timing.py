import logging
import time

logger = logging.getLogger("timing")


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # TODO: time the call below, add the X-Response-Time header ("12.5ms"), and log a
        # warning on logger "timing" for requests slower than 500 ms.
        response = self.get_response(request)
        return response
