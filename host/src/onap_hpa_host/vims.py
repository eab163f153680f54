"""One VIM view per distinct VIM info: a region's flavors share it, so it is checked and encoded once.

The plugin hands the host the same VIM info with every flavor of a region (``discover_data``, the compat
``get_hpa_capabilities``, each request of a ``discover`` file). Building its :class:`VimView` once and
sharing it lets the host encode it once per run rather than once per flavor. The view never reaches a
driver's code in process isolation (workers get their own copy from the wire), so sharing it is safe.
"""

from __future__ import annotations

from typing import Final, Optional

from onap_hpa.errors import RequestError
from onap_hpa.request import VimView
from onap_hpa_host._json import orjson

__all__ = ["VimViews"]

#: Distinct VIM infos remembered (one per region: a host rarely sees more than a few).
_KEEP: Final = 256


class VimViews:
    """VIM info -> its :class:`VimView`, by content."""

    def __init__(self) -> None:
        self._views: dict[tuple[bytes, Optional[str]], object] = {}

    def view(self, vim: object, vimtype: Optional[str] = None) -> object:
        """The shared view of ``vim``; ``vim`` itself when it is not a valid VIM info (building the request
        from it then reports the problem, in its usual place among the request's errors)."""
        if type(vim) is not dict:
            return vim
        try:
            key = (orjson.dumps(vim), vimtype)
        except (TypeError, ValueError):  # what JSON cannot hold (a lone surrogate) is checked per request
            return vim
        view = self._views.get(key)
        if view is None:
            try:
                view = VimView.from_viminfo(vim, vimtype=vimtype)
            except RequestError:
                view = vim
            if len(self._views) >= _KEEP:
                self._views.clear()
            self._views[key] = view
        return view
