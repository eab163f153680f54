"""JSON for the host: orjson where it is installed, else the json module with the same bytes.

orjson is a dependency on Python >= 3.10 only (``host/pyproject.toml``): its Python 3.9 musl wheels need
musl 1.2, and a plugin image must never compile Rust. On 3.9 :data:`orjson` is a stand-in with the part of
orjson's API the host uses (``dumps``, ``loads``, ``JSONDecodeError``, ``OPT_INDENT_2``) giving the bytes orjson
gives for JSON data: compact (``separators=(",", ":")``), non-ASCII as UTF-8 (``ensure_ascii=False``), the
same escapes. Both refuse what JSON cannot hold (the json module raises ``ValueError`` on NaN and circular
data where orjson writes null or raises ``TypeError``; callers catch both).
"""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["compact_json", "orjson"]


class _JsonModule:
    """orjson's ``dumps``/``loads`` on the json module: the same bytes for JSON data, the same errors caught."""

    JSONDecodeError = json.JSONDecodeError
    JSONEncodeError = TypeError
    OPT_INDENT_2: Final = 1

    _compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    _indented = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False)

    @classmethod
    def dumps(cls, obj: Any, option: int | None = None) -> bytes:
        encoder = cls._indented if option and option & cls.OPT_INDENT_2 else cls._compact
        return encoder.encode(obj).encode("utf-8")

    @staticmethod
    def loads(data: bytes | bytearray | memoryview | str) -> Any:
        if not isinstance(data, str):
            try:
                data = bytes(data).decode("utf-8")
            except UnicodeDecodeError as error:  # orjson raises its JSONDecodeError for invalid UTF-8
                raise json.JSONDecodeError(f"not UTF-8: {error}", "", 0) from None
        return json.loads(data, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    # orjson reads only JSON: NaN, Infinity and -Infinity are errors, not floats.
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


try:
    import orjson  # type: ignore[no-redef, unused-ignore]
except ImportError:  # Python 3.9 (see the module docstring), or an image that left orjson out
    orjson = _JsonModule()  # type: ignore[assignment, unused-ignore]

#: Compact UTF-8 JSON bytes, as the host's size cap counts them. orjson: ~0.3 us for a record where the
#: json module takes ~3.7 us on the dev machine, and this runs once per driver per flavor.
compact_json = orjson.dumps
