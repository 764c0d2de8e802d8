import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError, badRequest } from "../errors.ts";
import {
  type AttachmentLimits,
  filesTooLarge,
  fileTooLarge,
  tooManyFiles,
} from "../tickets/attachment-rules.ts";
import { assertStorableBody } from "./input-rules.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The files of a multipart/form-data request (field `files`); empty for JSON. */
    uploadedFiles: { name: string; bytes: Buffer }[] | null;
  }
}

/** The field that carries files in a form: `files`, once per file. */
export const FILES_FIELD = "files";

export const MULTIPART_DESCRIPTION =
  `Send JSON, or \`multipart/form-data\` with the same fields plus one \`${FILES_FIELD}\` part per file ` +
  "to attach files (limits: GET /api/attachments/limits; past one the request is 413 and nothing is saved).";

/**
 * Lets the routes of this plugin take multipart/form-data: busboy stops reading at the per-file and
 * file-count limits, so an oversized upload is refused without being held in memory whole.
 */
export async function registerMultipart(app: FastifyInstance, limits: AttachmentLimits): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: 20,
      parts: limits.maxFiles + 20,
    },
  });
  app.decorateRequest("uploadedFiles", null);
}

/**
 * A preValidation hook: a multipart body becomes the fields the route's own schema then checks
 * (`booleanFields` read "true"/"false" as booleans), and its files wait in `request.uploadedFiles`.
 * Each limit is a 413 that names it, before anything is saved.
 */
export function readMultipartForm(limits: AttachmentLimits, booleanFields: string[] = []) {
  return async (request: FastifyRequest): Promise<void> => {
    request.uploadedFiles = [];
    if (!request.isMultipart()) return;
    const fields: Record<string, string | boolean> = {};
    const files: { name: string; bytes: Buffer }[] = [];
    let total = 0;
    let reading = "";
    try {
      for await (const part of request.parts()) {
        if (part.type === "field") {
          const value = String(part.value);
          const isFlag = booleanFields.includes(part.fieldname) && (value === "true" || value === "false");
          fields[part.fieldname] = isFlag ? value === "true" : value;
          continue;
        }
        if (part.fieldname !== FILES_FIELD) {
          throw badRequest(
            `Send files in the field “${FILES_FIELD}”, not “${part.fieldname}”`,
            "unknown_file_field",
          );
        }
        reading = part.filename;
        const bytes = await part.toBuffer();
        total += bytes.byteLength;
        if (total > limits.maxTotalBytes) throw filesTooLarge(total, limits.maxTotalBytes);
        files.push({ name: part.filename, bytes });
      }
    } catch (error) {
      throw describeMultipartError(error, limits, reading);
    }
    assertStorableBody(fields);
    request.body = fields;
    request.uploadedFiles = files;
  };
}

/** @fastify/multipart's errors in our words; busboy's (a broken form) a 400 that says so. */
function describeMultipartError(error: unknown, limits: AttachmentLimits, fileName: string): unknown {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return fileTooLarge(fileName, limits.maxFileBytes);
    case "FST_FILES_LIMIT":
      return tooManyFiles(limits.maxFiles);
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return new AppError(413, "too_many_fields", "The form has too many fields");
    case "FST_PROTO_VIOLATION":
      return badRequest(
        "A form field may not be named __proto__, constructor or prototype",
        "validation_failed",
      );
    case "FST_MP_PREMATURE_CLOSE":
      return badRequest("The form was not received in full", "incomplete_request");
    default:
      if (error instanceof AppError) return error;
      return badRequest(`The form could not be read: ${(error as Error).message}`, "invalid_multipart");
  }
}
