// Which parts of the API this server offers. Endpoints land service by service (the media
// route that serves question audio comes with the voice pipeline); the UI reads the served
// OpenAPI document once and only offers what the server can do, so nothing it tries 404s.
export interface Features {
  /** False when the document could not be read: then every call is tried, and 404s handled. */
  known: boolean;
  has(method: string, path: string): boolean;
  /** The properties of a request schema, e.g. CreateInterview's optional fields. */
  fields(schema: string): Set<string>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

/** `/api/v1/interviews/{interview_id}/pause` and `{id}` are the same route. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "");
}

export function featuresFrom(document: OpenApiDocument | null): Features {
  if (!document) {
    return { known: false, has: () => true, fields: () => new Set() };
  }
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of Object.keys(item)) routes.add(`${method.toUpperCase()} ${normalisePath(path)}`);
  }
  const schemas = document.components?.schemas ?? {};
  return {
    known: true,
    has: (method, path) => routes.has(`${method.toUpperCase()} ${normalisePath(path)}`),
    fields: (schema) => new Set(Object.keys(schemas[schema]?.properties ?? {})),
  };
}

let loading: Promise<Features> | null = null;

export function loadFeatures(): Promise<Features> {
  loading ??= fetch("/openapi.json", { headers: { Accept: "application/json" } })
    .then(async (response) => featuresFrom(response.ok ? ((await response.json()) as OpenApiDocument) : null))
    .catch(() => {
      loading = null; // offline: ask again next time
      return featuresFrom(null);
    });
  return loading;
}

export const ROUTES = {
  pause: ["POST", "/api/v1/interviews/{}/pause"],
  repeat: ["POST", "/api/v1/interviews/{}/repeat"],
  reportPdf: ["GET", "/api/v1/interviews/{}/report.pdf"],
  media: ["GET", "/api/v1/media/{}"],
} as const satisfies Record<string, readonly [string, string]>;
export type Route = keyof typeof ROUTES;

export function supports(features: Features, route: Route): boolean {
  const [method, path] = ROUTES[route];
  return features.has(method, path);
}
