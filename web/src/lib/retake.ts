import { api, unwrap } from "../api/client";
import type { Interview } from "../api/types";

/** A new interview with the same settings as a previous one. */
export function retake(previous: Interview): Promise<Interview> {
  return unwrap(
    api.POST("/api/v1/interviews", {
      body: {
        role: previous.role,
        seniority: previous.seniority,
        interview_type: previous.interview_type,
        topics: previous.topics,
        question_count: previous.question_count,
      },
    }),
  );
}
