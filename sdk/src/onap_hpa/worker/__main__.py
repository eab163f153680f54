"""``python -m onap_hpa.worker NAME VALUE [DISTRIBUTION]``: serve one driver over the protocol."""

from __future__ import annotations

from onap_hpa.worker.serve import main

raise SystemExit(main())
