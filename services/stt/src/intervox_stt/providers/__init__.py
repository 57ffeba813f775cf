"""Speech-to-text engines: offline faster-whisper (default), Deepgram and OpenAI by
configuration, each behind ``SpeechEngine``; ``Transcriber`` adds the VAD gate, the
phantom filter and the fallback to the local engine."""
