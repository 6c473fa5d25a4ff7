"""Sessions on disk: atomic, private, readable JSON."""

from simulator.store.sessions import SessionStore, StoreError, default_data_dir

__all__ = ["SessionStore", "StoreError", "default_data_dir"]
