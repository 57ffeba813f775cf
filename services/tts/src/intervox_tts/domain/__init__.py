"""Pure text-to-speech logic: what is spoken, and the cache key of its audio."""
