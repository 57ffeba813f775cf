// The typed API client: paths, bodies and responses come from schema.gen.ts (generated
// from the gateway's OpenAPI). Every call goes through authFetch.
import createClient from "openapi-fetch";
import type { paths } from "./schema.gen";
import { ApiError, authFetch, errorFrom } from "./http";

export const api = createClient<paths>({ baseUrl: "", fetch: authFetch });

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call, or an ApiError with the server's code and message. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  if (body.code) {
    const retry = Number(response.headers.get("Retry-After"));
    throw new ApiError(
      response.status,
      body.code,
      body.message ?? "The request failed.",
      Number.isFinite(retry) && retry > 0 ? retry : null,
      body.details ?? null,
    );
  }
  throw await errorFrom(response);
}

/** What to tell a person about a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The server cannot be reached. Check your connection and try again.";
  return "Something went wrong. Please try again.";
}
