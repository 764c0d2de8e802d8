/** An expected failure: services throw it, the HTTP error handler turns it into `{message, error}`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const forbidden = (message = "You are not allowed to do that") =>
  new AppError(403, "forbidden", message);
export const unauthorized = (message = "Please sign in") => new AppError(401, "unauthorized", message);
export const badRequest = (message: string, code = "bad_request") => new AppError(400, code, message);
export const conflict = (message: string, code = "conflict") => new AppError(409, code, message);
