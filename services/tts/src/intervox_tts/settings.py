from __future__ import annotations

from typing import Literal, Self

from intervox_platform.settings import ServiceSettings
from pydantic import Field, model_validator


class TTSSettings(ServiceSettings):
    port: int = Field(default=8006, description="HTTP port (health and metrics).")
    tts_engine: Literal["piper", "espeak", "openai", "deepgram"] = Field(
        default="piper",
        description="Text-to-speech engine; on failure piper, then espeak-ng, take over.",
    )
    tts_voice: str | None = Field(
        default=None,
        description="Default voice of the configured engine (piper: 'joe' or a local .onnx "
        "voice; espeak: e.g. 'en-us'; openai: e.g. 'alloy'; deepgram: e.g. "
        "'aura-2-thalia-en'); a candidate's choice among the engine's voices wins.",
    )
    tts_speed: float = Field(
        default=1.0,
        ge=0.75,
        le=1.5,
        description="Default speaking rate (0.75–1.5; 1 = normal); a candidate's wins.",
    )
    tts_audio_format: Literal["wav", "mp3", "ogg", "webm"] = Field(
        default="wav",
        description="Stored format of question audio (wav is fastest to produce; mp3 and "
        "ogg/opus are 5-10x smaller).",
    )
    tts_threads: int = Field(
        default=0, ge=0, description="CPU threads for piper (0 = onnxruntime's default)."
    )
    tts_piper_variation: bool = Field(
        default=True,
        description="piper samples its voice afresh at each synthesis; false: the same text "
        "always gives the same audio (reproducible tests and benchmarks).",
    )
    espeak_ng_path: str = Field(default="espeak-ng", description="The espeak-ng executable.")
    tts_provider_timeout_s: float = Field(
        default=10.0, gt=0, description="Timeout of one cloud synthesis request."
    )
    openai_api_key: str | None = Field(default=None, description="OpenAI API key.")
    openai_base_url: str = Field(
        default="https://api.openai.com/v1", description="OpenAI-compatible API base URL."
    )
    openai_tts_model: str = Field(default="gpt-4o-mini-tts", description="OpenAI TTS model.")
    deepgram_api_key: str | None = Field(default=None, description="Deepgram API key.")
    deepgram_url: str = Field(
        default="https://api.deepgram.com", description="Deepgram API base URL."
    )

    @model_validator(mode="after")
    def _keys_for_cloud_engines(self) -> Self:
        if self.tts_engine == "openai" and not self.openai_api_key:
            raise ValueError("TTS_ENGINE=openai needs OPENAI_API_KEY")
        if self.tts_engine == "deepgram" and not self.deepgram_api_key:
            raise ValueError("TTS_ENGINE=deepgram needs DEEPGRAM_API_KEY")
        return self
