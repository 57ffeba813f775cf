// Names for the generated types the app uses. Nothing here is written by hand except the
// aliases: the shapes come from the gateway's OpenAPI and from libs/contracts.
import type { components } from "./schema.gen";
import type * as Events from "./events.gen";

type Schemas = components["schemas"];
export type Interview = Schemas["InterviewOut"];
export type InterviewPage = Schemas["InterviewPage"];
export type CreateInterviewBody = Schemas["CreateInterview"];
export type TokenPair = Schemas["TokenPair"];
export type User = Schemas["UserOut"];
export type Seniority = Schemas["Seniority"];
export type InterviewType = Schemas["InterviewType"];
export type InterviewStatus = Schemas["InterviewStatus"];
export type QuestionView = Events.QuestionView;
export type ScorePayload = Events.ScoreReadyPayload;
export type TranscriptFinalPayload = Events.TranscriptFinalPayload;
export type DeliveryMetrics = Events.DeliveryMetrics;
export type InterviewEndPayload = Events.InterviewEndPayload;
export type QuestionAudio = Events.QuestionAudioReadyPayload;
export type { ClientEventType } from "./events.gen";

/** A relayed event as it arrives on the socket: the gateway has numbered it. */
type Sequenced<T> = T extends { type?: infer K; payload: infer P }
  ? Omit<T, "type" | "seq" | "payload"> & { type: NonNullable<K>; seq: number; payload: P }
  : never;
export type ClientEvent = Sequenced<Events.ClientEventUnion>;

/**
 * The final report: `InterviewReport` from libs/contracts. The recordings of spoken answers
 * are read from `audio_url(s)` when the engine includes them.
 */
export type QuestionReport = Events.QuestionReport & { audio_url?: string | null; audio_urls?: string[] | null };
export type InterviewReport = Omit<Events.InterviewReport, "questions"> & { questions: QuestionReport[] };
export type Resource = Events.ResourceLink;
export type Improvement = Events.Improvement;
export type DeliverySummary = Events.DeliverySummary;

export type Catalog = Schemas["Catalog"];
export type Dashboard = Schemas["Dashboard"];
export type DetectedSkills = Schemas["SkillsOut"];
export type Preferences = Schemas["PreferencesOut"];
