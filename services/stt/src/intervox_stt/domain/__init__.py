"""Pure speech-to-text logic: prompts, phantom filtering, assembly, delivery analytics."""
