"""espeak-ng (Debian package ``espeak-ng``): robotic but tiny, always there as the last
fallback."""

from __future__ import annotations

import shutil
import subprocess

from intervox_audio import AudioError, Pcm, decode

from intervox_tts.providers.base import SynthesisError

WORDS_PER_MINUTE = 165


class EspeakSynth:
    name = "espeak-ng"
    default_voice = "en-us"
    voices: tuple[str, ...] = ("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029")

    def __init__(self, executable: str = "espeak-ng", timeout_s: float = 20.0) -> None:
        self.executable = executable
        self.timeout_s = timeout_s

    def load(self) -> None:
        if shutil.which(self.executable) is None:
            raise SynthesisError(f"{self.executable} is not installed")

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        binary = shutil.which(self.executable)
        if binary is None:
            raise SynthesisError(f"{self.executable} is not installed")
        try:
            # The text goes through stdin, never the command line.
            done = subprocess.run(  # noqa: S603
                [binary, "-v", voice, "-s", str(round(WORDS_PER_MINUTE * speed)), "--stdout"],
                input=text.encode(),
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SynthesisError(f"espeak-ng failed: {exc}") from exc
        if done.returncode != 0 or not done.stdout:
            raise SynthesisError(f"espeak-ng failed: {done.stderr.decode(errors='replace')[:200]}")
        try:
            return decode(done.stdout, "audio/wav", max_seconds=None, sample_rate=22_050)
        except AudioError as exc:
            raise SynthesisError(f"espeak-ng output unreadable: {exc.message}") from exc
