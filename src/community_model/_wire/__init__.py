"""Records and plain data: the converter, the JSON Schema, JSON text, JSON Lines and limits.

This layer knows records and value types, never the collection (:mod:`.._dataset`) nor the
document format (:mod:`.._document`), which sit above it.
"""
