from __future__ import annotations

from typing import Literal, Self

from intervox_platform.settings import ServiceSettings
from pydantic import Field, model_validator


class STTSettings(ServiceSettings):
    port: int = Field(default=8005, description="HTTP port (health and metrics).")
    stt_engine: Literal["local", "deepgram", "openai"] = Field(
        default="local",
        description="Speech-to-text engine; a cloud engine falls back to the local one on failure.",
    )
    stt_local_model: str = Field(
        default="base",
        description="Local Whisper: 'base', 'tiny.en' (faster, less accurate) or a local "
        "CTranslate2 model directory. Never downloaded.",
    )
    stt_cpu_threads: int = Field(
        default=0, ge=0, description="CPU threads for local Whisper (0 = all cores)."
    )
    stt_beam_size: int = Field(
        default=1, ge=1, le=10, description="Whisper beam size (1 = greedy, fastest)."
    )
    stt_short_window: bool = Field(
        default=True,
        description="Encode a window the length of the utterance (at least 15 s) instead of "
        "Whisper's fixed 30 s: ~2x faster on CPU at the same accuracy on our benchmark; "
        "false = the reference 30-s window (no cost difference on a GPU).",
    )
    stt_provider_timeout_s: float = Field(
        default=10.0, gt=0, description="Timeout of one cloud transcription request."
    )
    deepgram_api_key: str | None = Field(default=None, description="Deepgram API key.")
    deepgram_url: str = Field(
        default="https://api.deepgram.com", description="Deepgram API base URL."
    )
    deepgram_model: str = Field(default="nova-3", description="Deepgram STT model.")
    openai_api_key: str | None = Field(default=None, description="OpenAI API key.")
    openai_base_url: str = Field(
        default="https://api.openai.com/v1", description="OpenAI-compatible API base URL."
    )
    openai_stt_model: str = Field(
        default="whisper-1",
        description="OpenAI transcription model (whisper-1 returns word timings).",
    )

    @model_validator(mode="after")
    def _keys_for_cloud_engines(self) -> Self:
        if self.stt_engine == "deepgram" and not self.deepgram_api_key:
            raise ValueError("STT_ENGINE=deepgram needs DEEPGRAM_API_KEY")
        if self.stt_engine == "openai" and not self.openai_api_key:
            raise ValueError("STT_ENGINE=openai needs OPENAI_API_KEY")
        return self
