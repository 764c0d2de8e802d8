import type { ErrorReply } from "@helpdesk/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isDatabaseUnavailable } from "../db/client.ts";
import { writesRefusedIn } from "../db/storage-guard.ts";
import { AppError } from "../errors.ts";

/** Fastify's own client-error codes, with the words and codes our clients see. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "invalid_json",
    message: "The request body is not valid JSON",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "invalid_json", message: "The request body is empty" },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "payload_too_large",
    message: "The request body is too large",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "unsupported_media_type",
    message: "Send the request body as application/json",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "bad_request",
    message: "The Content-Length header does not match the body",
  },
};

/** One place turns every failure into `{message, error}`; unexpected ones are logged, never detailed. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(errorReply(error.message, error.code));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...issue.instancePath.split("/").filter(Boolean)].join("."),
        message: issue.message ?? "is invalid",
      }));
      const first = issues[0];
      const message = first ? `${describeField(first.path)}: ${first.message}` : "The request is invalid";
      return reply.status(400).send({ ...errorReply(message, "validation_failed"), issues });
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return reply.status(known.status).send(errorReply(known.message, known.code));
    if (error instanceof SyntaxError) {
      return reply.status(400).send(errorReply("The request body is not valid JSON", "invalid_json"));
    }
    if (!request.raw.complete && request.raw.destroyed) {
      // The client went away (closed the connection, or was cut off for sending its request too
      // slowly) before its request was read: nobody hears a reply, and the database is not at fault.
      request.log.debug({ err: error }, "the client closed the connection before its request was read");
      return reply.status(400).send(errorReply("The request was not received in full", "incomplete_request"));
    }
    const refused = writesRefusedIn(error);
    if (refused) {
      // The embedded database's disk is full or read-only: reads go on, writes wait for the operator.
      request.log.warn(`write refused: ${refused.reason}`);
      const full = refused.isDiskFull;
      return reply
        .status(full ? 507 : 503)
        .header("retry-after", "60")
        .send(
          errorReply(
            full
              ? "The server has run out of disk space: nothing can be saved until an administrator frees some"
              : "The server cannot save anything at the moment; please try again later",
            full ? "insufficient_storage" : "unavailable",
          ),
        );
    }
    if (isDatabaseUnavailable(error)) {
      // The database is restarting or unreachable: not a fault in the request, and worth retrying.
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .status(503)
        .header("retry-after", "5")
        .send(errorReply("The service is briefly unavailable; please try again in a moment", "unavailable"));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(errorReply(error.message, error.code?.toLowerCase() ?? "bad_request"));
    }
    request.log.error({ err: error }, "unexpected error");
    return reply
      .status(500)
      .send(errorReply("Something went wrong on our side; please try again", "internal_error"));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorReply(`No route for ${request.method} ${request.url.split("?")[0]}`, "not_found"));
  });
}

/**
 * Failures Fastify meets before any route runs (given as its `frameworkErrors` option): a path
 * parameter too long to be an id is an unknown resource; a badly escaped URL is a bad request.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    reply.status(404).send(errorReply("Resource not found", "not_found"));
    return;
  }
  reply.status(400).send(errorReply("The request URL is malformed", "bad_request"));
}

export function errorReply(message: string, error: string): ErrorReply {
  return { message, error };
}

function describeField(path: string): string {
  const field = path.split(".").slice(1).join(".");
  return field || path;
}
