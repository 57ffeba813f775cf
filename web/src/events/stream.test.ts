import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffMs, EventStream, type SocketLike } from "./stream";

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: string[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
}

const ev = (seq: number) => ({ seq, type: "score_ready", payload: {}, event_id: `e${seq}` });

function makeStream(overrides: Partial<ConstructorParameters<typeof EventStream>[0]> = {}) {
  const received: number[] = [];
  const statuses: string[] = [];
  const fatal: string[] = [];
  const stream = new EventStream({
    interviewId: "iv",
    token: async () => "tok",
    refresh: async () => true,
    onEvent: (e) => received.push(e.seq),
    onStatus: (s) => statuses.push(s),
    onFatal: (r) => fatal.push(r),
    openSocket: (url, protocols) => new FakeSocket(url, protocols),
    baseUrl: "ws://test",
    network: undefined,
    ...overrides,
  });
  return { stream, received, statuses, fatal };
}

describe("EventStream", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "Date"] });
  });
  afterEach(() => vi.useRealTimers());

  it("authenticates with the bearer subprotocol and resumes after the last seq", async () => {
    const { stream, received } = makeStream();
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeSocket.all[0]!;
    expect(first.url).toBe("ws://test/api/v1/interviews/iv/events?after_seq=0");
    expect(first.protocols).toEqual(["intervox.v1", "bearer.tok"]);
    first.open();
    first.deliver(ev(1));
    first.deliver(ev(2));
    first.drop();
    await vi.advanceTimersByTimeAsync(backoffMs(0, () => 1));
    const second = FakeSocket.all[1]!;
    expect(second.url).toContain("after_seq=2");
    second.open();
    second.deliver(ev(2)); // a duplicate is dropped
    second.deliver(ev(3));
    expect(received).toEqual([1, 2, 3]);
    stream.stop();
  });

  it("reconnects from the last seq when it sees a gap", async () => {
    const { stream, received } = makeStream();
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.deliver(ev(1));
    FakeSocket.all[0]!.deliver(ev(3));
    expect(received).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all[1]!.url).toContain("after_seq=1");
    stream.stop();
  });

  it("refreshes the token once on 4401 and gives up on 4404", async () => {
    const refresh = vi.fn(async () => true);
    const { stream, fatal } = makeStream({ refresh });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.drop(4401);
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.drop(4404);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fatal).toEqual(["not_found"]);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("takes a silent socket for dead and reconnects", async () => {
    const { stream } = makeStream({ heartbeatMs: 1000, silenceMs: 2500 });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all[0]!.sent).toContain("ping");
    await vi.advanceTimersByTimeAsync(12_000);
    expect(FakeSocket.all.length).toBeGreaterThan(1);
    stream.stop();
  });

  it("re-sends unacknowledged audio after a reconnect and resolves on the ack", async () => {
    const { stream } = makeStream();
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.open();
    const done = stream.send({ type: "audio_complete", question_id: "q1", answer_id: "a", segment_count: 1 });
    const sent = JSON.parse(FakeSocket.all[0]!.sent[0]!);
    FakeSocket.all[0]!.drop();
    await vi.advanceTimersByTimeAsync(1000);
    FakeSocket.all[1]!.open();
    expect(JSON.parse(FakeSocket.all[1]!.sent[0]!).ref).toBe(sent.ref);
    FakeSocket.all[1]!.deliver({ type: "ack", ref: sent.ref });
    await expect(done).resolves.toBeUndefined();
    const refused = stream.send({ type: "audio_complete", question_id: "q1", answer_id: "a", segment_count: 1 });
    const ref = JSON.parse(FakeSocket.all[1]!.sent[1]!).ref;
    FakeSocket.all[1]!.deliver({ type: "error", ref, code: "NO_AUDIO", message: "No audio." });
    await expect(refused).rejects.toMatchObject({ code: "NO_AUDIO" });
    stream.stop();
  });

  it("sends audio again when the gateway says the refusal is momentary", async () => {
    const { stream } = makeStream({ replyTimeoutMs: 60_000 });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.all[0]!;
    socket.open();
    const done = stream.send({ type: "audio_complete", question_id: "q1", answer_id: "a", segment_count: 1 });
    const ref = JSON.parse(socket.sent[0]!).ref;
    const unavailable = { type: "error", ref, code: "MEDIA_STORE_UNAVAILABLE", message: "Retry.", retryable: true };
    socket.deliver(unavailable);
    await vi.advanceTimersByTimeAsync(1500);
    expect(socket.sent.filter((m) => m !== "ping").map((m) => JSON.parse(m).ref)).toEqual([ref, ref]);
    socket.deliver({ type: "ack", ref });
    await expect(done).resolves.toBeUndefined();
    // A refusal that keeps coming is reported after the retries.
    const refused = stream.send({ type: "audio_complete", question_id: "q1", answer_id: "b", segment_count: 1 });
    const second = JSON.parse(socket.sent[socket.sent.length - 1]!).ref;
    const outcome = expect(refused).rejects.toMatchObject({ code: "MEDIA_STORE_UNAVAILABLE" });
    for (let attempt = 1; attempt <= 4; attempt++) {
      socket.deliver({ ...unavailable, ref: second });
      await vi.advanceTimersByTimeAsync(1500 * attempt);
    }
    await outcome;
    expect(socket.sent.filter((m) => m !== "ping" && JSON.parse(m).ref === second)).toHaveLength(4);
    stream.stop();
  });
});
