// Go rejects a bound call with the string "code: message" (inflow.Error);
// every call in this module turns that into an ApiError.

/** The error codes of internal/inflow/error.go. */
export const ERROR_CODES = ['conflict', 'internal', 'invalid', 'not_found', 'locked', 'too_large'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed call to the Go side, with a machine-readable code and a message for people. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

function isCode(s: string): s is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(s);
}

/** Parses "code: message"; anything else becomes an internal error carrying the text. */
export function parseError(text: string): ApiError {
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(text.trim());
  if (m && isCode(m[1])) return new ApiError(m[1], m[2]);
  return new ApiError('internal', text.trim() || 'unknown error');
}

/** Turns whatever a rejected call gave us into an ApiError. */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (typeof reason === 'string') return parseError(reason);
  if (reason instanceof Error) return parseError(reason.message);
  if (reason && typeof reason === 'object') {
    const r = reason as { code?: unknown; message?: unknown; error?: unknown };
    const msg = typeof r.message === 'string' ? r.message : typeof r.error === 'string' ? r.error : '';
    if (typeof r.code === 'string' && isCode(r.code)) return new ApiError(r.code, msg);
    if (msg) return parseError(msg);
  }
  return new ApiError('internal', String(reason));
}

/** Reports whether err is an ApiError, optionally with the given code. */
export function isApiError(err: unknown, code?: ErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
