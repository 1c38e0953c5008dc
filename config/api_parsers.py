"""The API's JSON parser: bounded in size and depth, and no NUL character in any string.

Bodies a client can send that used to end in a 500:

- larger than ``API_MAX_BODY_BYTES``: 413, read no further (DRF reads the request stream
  itself, so Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not apply);
- nested deeper than ``API_MAX_JSON_DEPTH`` (Python's decoder hits its recursion limit on
  deep bodies): 400;
- a NUL character in any string (PostgreSQL refuses it in text, so a slug with one ended
  in a ValueError): 400 naming the field.
"""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

MAX_BODY_BYTES = getattr(settings, "API_MAX_BODY_BYTES", 1024 * 1024)
MAX_DEPTH = getattr(settings, "API_MAX_JSON_DEPTH", 32)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def _check(data, limit: int) -> None:
    """Walk ``data`` without recursion: refuse depth beyond ``limit`` and NUL characters."""
    stack = [(data, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if depth > limit:
            raise exceptions.ParseError(f"JSON nested deeper than {limit} levels.")
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if "\x00" in key:
                    raise exceptions.ValidationError({"detail": ["NUL character in a key."]})
                stack.append((item, depth + 1, name))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{path}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            field = path.split(".", 1)[0].split("[", 1)[0] or "detail"
            where = f" (in {path})" if path != field else ""
            raise exceptions.ValidationError({field: [f"NUL characters are not allowed{where}."]})


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context.get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if length and str(length).isdigit() and int(length) > MAX_BODY_BYTES:
            raise PayloadTooLarge(
                f"The request body is {int(length)} bytes; the limit is {MAX_BODY_BYTES}."
            )
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise PayloadTooLarge(f"The request body is over the limit of {MAX_BODY_BYTES} bytes.")
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise exceptions.ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.") from None
        except (ValueError, LookupError) as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        _check(data, MAX_DEPTH)
        return data

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not valid JSON")
