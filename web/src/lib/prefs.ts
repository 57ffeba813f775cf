// Small preferences kept in this browser (cleared on sign-out with everything else).
export type AnswerMode = "voice" | "text";
const MODE_KEY = "intervox.answerMode";
const PTT_KEY = "intervox.pushToTalk";

export function getAnswerMode(): AnswerMode {
  return localStorage.getItem(MODE_KEY) === "text" ? "text" : "voice";
}
export function setAnswerMode(mode: AnswerMode): void {
  localStorage.setItem(MODE_KEY, mode);
}
export function getPushToTalk(): boolean {
  return localStorage.getItem(PTT_KEY) === "1";
}
export function setPushToTalk(on: boolean): void {
  localStorage.setItem(PTT_KEY, on ? "1" : "0");
}
