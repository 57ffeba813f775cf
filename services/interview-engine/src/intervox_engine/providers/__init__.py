"""Where questions come from besides the curated bank: LLM providers, by configuration."""
