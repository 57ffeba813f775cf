"""Speech-to-text engines (offline faster-whisper by default; Deepgram and OpenAI by
configuration) plug in here with the voice pipeline."""
