"""A web service of community_model records: Litestar, served by uvicorn.

Run it from the repository's root (``pip install -e '.[service]'`` first)::

    python -m examples.service                      # the bundled example, on 127.0.0.1:8000
    COMMUNITY_SERVICE_KEY=... python -m examples.service --data export.jsonl --port 8080

See docs/howto/serve-http.md.
"""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
