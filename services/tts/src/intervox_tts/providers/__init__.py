"""Text-to-speech engines: piper (offline default), espeak-ng (offline fallback), OpenAI
TTS and Deepgram Aura by configuration, each behind ``SpeechSynth``; ``Synthesizer``
chains them so a question is always spoken."""
