import time, numpy as np
from piper import SynthesisConfig
from tests.support.voice import local_whisper, piper, ANSWER, QUESTION
from intervox_audio import resample, Pcm, split_at_pauses
from intervox_stt.providers.transcriber import Transcriber
from intervox_stt.domain.prompt import build_prompt
from intervox_stt.domain.wer import word_error_rate
import scripts.bench_voice as b
t = Transcriber(local_whisper("base"))
v = piper()._voice("joe")
def synth(text, ns, nw):
    chunks = list(v.synthesize(text, syn_config=SynthesisConfig(noise_scale=ns, noise_w_scale=nw)))
    return resample(Pcm(np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32), chunks[0].sample_rate))
for ns, nw in ((0.0, 0.0), (0.333, 0.4)):
    a1 = synth(ANSWER, ns, nw); a2 = synth(ANSWER, ns, nw)
    print(ns, "deterministic", np.array_equal(a1.samples, a2.samples))
    r = t.transcribe(a1, build_prompt(QUESTION, "http-apis")); print(" test answer WER", round(word_error_rate(ANSWER, r.text),3))
    one, two = split_at_pauses(a1, 2)
    r1 = t.transcribe(one, build_prompt(QUESTION, "http-apis")); r2 = t.transcribe(two, build_prompt(QUESTION, "http-apis", r1.text))
    print(" split WER", round(word_error_rate(ANSWER, r1.text + " " + r2.text),3), r2.text)
    errs=n=0
    for topic,q,a in b.ANSWERS:
        r = t.transcribe(synth(a, ns, nw), build_prompt(q, topic)); k=len(a.split()); errs+=word_error_rate(a, r.text)*k; n+=k
    print(" bench WER", round(errs/n,3))
