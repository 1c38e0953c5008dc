"""Compression of API responses only.

JSON lists with bodies compress five- to tenfold, so API responses are gzipped when the
client accepts it. HTML pages are left alone: they carry CSRF tokens beside reflected input,
which compression would expose to BREACH.
"""

from django.middleware.gzip import GZipMiddleware


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
