"""Text-to-speech engines (offline piper by default, espeak-ng fallback; OpenAI TTS and
Deepgram Aura by configuration) plug in here with the voice pipeline."""
