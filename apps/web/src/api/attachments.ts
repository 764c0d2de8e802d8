import type { Attachment, AttachmentLimits, ErrorReply } from "@helpdesk/contracts";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, api, sessionToken } from "./client.ts";

/** How many files, and how large, a ticket or reply may carry: the server's settings, read once. */
export function useAttachmentLimits() {
  return useQuery({
    queryKey: ["attachment-limits"],
    queryFn: ({ signal }) => api<AttachmentLimits>("/api/attachments/limits", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * A form's fields and files as multipart/form-data, the files in the `files` field. Without files
 * the caller sends JSON, exactly as before attachments existed.
 */
export function formWithFiles(fields: Record<string, string | boolean>, files: File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  for (const file of files) form.append("files", file, file.name);
  return form;
}

/** A file's bytes. The API takes the session only as a Bearer header, so an <img src> cannot load it. */
export async function fetchAttachment(id: string, signal?: AbortSignal): Promise<Blob> {
  const token = sessionToken.get();
  const response = await fetch(`/api/attachments/${id}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (response.ok) return response.blob();
  const error = (await response.json().catch(() => null)) as Partial<ErrorReply> | null;
  throw new ApiError(
    response.status,
    error?.error ?? "http_error",
    error?.message ?? "The file cannot be loaded",
  );
}

/** An object URL of the file for an <img>, revoked when the picture leaves the page. */
export function useAttachmentUrl(attachment: Attachment): { url?: string; error?: unknown } {
  const file = useQuery({
    queryKey: ["attachment", attachment._id],
    queryFn: ({ signal }) => fetchAttachment(attachment._id, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!file.data) return;
    const objectUrl = URL.createObjectURL(file.data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file.data]);
  return { url, error: file.error ?? undefined };
}

/** Saves a file under its own name: fetched with the session, handed to the browser as a download. */
export async function downloadAttachment(attachment: Attachment): Promise<void> {
  const blob = await fetchAttachment(attachment._id);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = attachment.name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
