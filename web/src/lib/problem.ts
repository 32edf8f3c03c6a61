/** An RFC 9457 problem as the services send it (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string | null;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

/** A failed API call, carrying the problem the service answered with. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem's slug: `urn:feira:problem:out-of-stock` → `out-of-stock`. */
  get slug(): string {
    return this.problem.type.split(":").pop() ?? "";
  }

  /** Field errors keyed by field path, for showing beside the inputs. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** Turns any thrown value into a sentence for a person. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** What a failed checkout tells the shopper, by problem type. */
export function checkoutMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error);
  if (error.slug === "payment-declined") {
    return error.problem.code === "insufficient_funds"
      ? "The card has insufficient funds. Nothing was charged; try another card."
      : "Your card was declined. Nothing was charged; try another card.";
  }
  return error.message;
}
