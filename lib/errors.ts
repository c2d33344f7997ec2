// One error class for the whole domain. Services throw it; the action and route wrappers map it
// to the one error envelope: { error: { type, code, message, param, ...details } }.
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'spend_limit_exceeded'
  | 'insufficient_balance'
  | 'upstream_error'
  | 'api_error';

export class AppError extends Error {
  constructor(
    public status: number,
    public type: ErrorType,
    public code: string,
    message: string,
    public param: string | null = null,
    public details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody() {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param, ...this.details } };
  }
}

export const badRequest = (param: string | null, message: string, code = 'invalid_request') =>
  new AppError(400, 'invalid_request_error', code, message, param);
export const notFound = (what: string) => new AppError(404, 'not_found_error', 'not_found', `${what} not found.`);
export const forbidden = (message = 'You do not have permission to do this.') =>
  new AppError(403, 'permission_error', 'forbidden', message);
export const unauthorized = (code: string, message: string) => new AppError(401, 'authentication_error', code, message);
export const conflict = (code: string, message: string, param: string | null = null) =>
  new AppError(409, 'conflict_error', code, message, param);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
