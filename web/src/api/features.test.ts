import { describe, expect, it } from "vitest";
import { featuresFrom, supports } from "./features";

describe("features", () => {
  it("reads routes and request fields from the OpenAPI document", () => {
    const features = featuresFrom({
      paths: { "/api/v1/interviews/{interview_id}/pause": { post: {} }, "/api/v1/media/{key}": { get: {} } },
      components: { schemas: { CreateInterview: { properties: { role: {}, job_description: {} } } } },
    });
    expect(supports(features, "pause")).toBe(true);
    expect(supports(features, "media")).toBe(true);
    expect(supports(features, "reportPdf")).toBe(false);
    expect(features.fields("CreateInterview").has("job_description")).toBe(true);
  });

  it("assumes everything when the document cannot be read", () => {
    const features = featuresFrom(null);
    expect(features.known).toBe(false);
    expect(supports(features, "reportPdf")).toBe(true);
  });
});
