import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { authenticatedFetch } from "./refresh";
import { loadTokens, saveTokens } from "../auth/tokens";
import { ApiError, type Problem } from "../lib/problem";

/** The signed-in fetch every API call goes through (also used for the live stream). */
export const apiFetch = authenticatedFetch({
  base: (request) => fetch(request),
  load: loadTokens,
  save: saveTokens,
  refreshUrl: "/api/identity/refresh",
});

/** The typed client, generated from the services' OpenAPI document. */
export const api = createClient<paths>({ baseUrl: "", fetch: apiFetch });

/**
 * Unwraps an openapi-fetch result: the data, or an {@link ApiError} carrying
 * the problem+json the service sent.
 */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem =
    error && typeof error === "object" && "type" in error
      ? (error as Problem)
      : { type: "urn:feira:problem:http", title: response.statusText, status: response.status };
  throw new ApiError(problem);
}
