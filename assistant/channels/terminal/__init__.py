"""The terminal channel: `boneguide chat`, a thin adapter between a person and the engine."""
