"""The migration scripts, one per schema version, oldest first."""

__all__: list[str] = []
