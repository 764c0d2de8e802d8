import type { Attachment } from "@helpdesk/contracts";
import { formatFileSize, isInlineImage } from "@helpdesk/contracts/constants";
import { useState } from "react";
import { downloadAttachment, useAttachmentUrl } from "../api/attachments.ts";
import { PaperclipIcon } from "./attachment-picker.tsx";

/** A ticket's or reply's files: pictures shown in place, everything else a download. */
export function AttachmentList({ attachments }: { attachments?: Attachment[] }) {
  if (!attachments || attachments.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mt-3 flex flex-wrap gap-3">
      {attachments.map((attachment) => (
        <li key={attachment._id} className="max-w-full">
          {isInlineImage(attachment.type) ? (
            <ImagePreview attachment={attachment} />
          ) : (
            <DownloadButton attachment={attachment} />
          )}
        </li>
      ))}
    </ul>
  );
}

function ImagePreview({ attachment }: { attachment: Attachment }) {
  const { url, error } = useAttachmentUrl(attachment);
  return (
    <figure className="flex flex-col gap-1">
      {url ? (
        <img
          src={url}
          alt={attachment.name}
          className="max-h-64 max-w-full rounded-box border border-base-300"
        />
      ) : (
        <div className="flex h-24 w-32 items-center justify-center rounded-box border border-base-300 text-xs text-base-content/70">
          {error ? (
            "Preview unavailable"
          ) : (
            <span
              role="status"
              className="loading loading-spinner loading-sm"
              aria-label={`Loading ${attachment.name}`}
            />
          )}
        </div>
      )}
      <figcaption>
        <DownloadButton attachment={attachment} />
      </figcaption>
    </figure>
  );
}

function DownloadButton({ attachment }: { attachment: Attachment }) {
  const [failed, setFailed] = useState(false);
  return (
    <span className="inline-flex flex-wrap items-center gap-1 text-sm">
      <button
        type="button"
        className="link link-hover inline-flex max-w-full items-center gap-1 break-all text-left"
        onClick={() => {
          setFailed(false);
          downloadAttachment(attachment).catch(() => setFailed(true));
        }}
      >
        <PaperclipIcon className="size-3.5 shrink-0" />
        <span>
          {attachment.name}
          <span className="sr-only">, download</span>
        </span>
      </button>
      <span className="text-xs text-base-content/70">{formatFileSize(attachment.size)}</span>
      {failed && (
        <span role="alert" className="text-xs text-error">
          The download failed; try again.
        </span>
      )}
    </span>
  );
}
