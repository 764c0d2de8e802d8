import type { Comment, Ticket, TicketPresence } from "@helpdesk/contracts";
import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import { useAttachmentLimits } from "../api/attachments.ts";
import { ApiError, isFileRefusal } from "../api/client.ts";
import { useTicketPresence } from "../api/presence.ts";
import { useAddComment, useComments } from "../api/tickets.ts";
import { AttachmentList } from "../components/attachment-list.tsx";
import { AttachmentPicker, canSendFiles, pasteFilesInto } from "../components/attachment-picker.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { RelativeTime } from "../components/time.tsx";
import { isStaff, useCurrentUser } from "../session/session.tsx";
import { describeNewReplies, repliesSince } from "./reply-collision.ts";
import { Email } from "./ticket-properties.tsx";

export function LockIcon({ className = "size-3.5" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className={className}>
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5V4.5a2 2 0 1 0-4 0V6h4Z" />
    </svg>
  );
}

function authorRole(comment: Comment, ticket: Ticket): string | undefined {
  if (comment.author._id === ticket.createdBy) return "Requester";
  if (isStaff(comment.author)) return "Support";
  return undefined;
}

function CommentItem({ comment, ticket }: { comment: Comment; ticket: Ticket }) {
  const role = authorRole(comment, ticket);
  const fromSupport = role === "Support";
  const tone = comment.internal
    ? "border-warning/60 bg-warning/10"
    : fromSupport
      ? "border-primary/30 bg-primary/5"
      : "border-base-300 bg-base-100";
  return (
    <li className={`rounded-box border p-3 sm:p-4 ${tone}`}>
      <div className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className="min-w-0 font-medium wrap-anywhere">
          <Email address={comment.author.email} />
        </span>
        {role && (
          <span className={`badge badge-xs ${fromSupport ? "badge-primary badge-soft" : "badge-ghost"}`}>
            {role}
          </span>
        )}
        {comment.internal && (
          <span className="badge badge-warning badge-sm gap-1">
            <LockIcon className="size-3" />
            Internal note
          </span>
        )}
        <span className="ml-auto text-xs text-base-content/70">
          <RelativeTime iso={comment.createdAt} />
        </span>
      </div>
      <p className="whitespace-pre-wrap wrap-anywhere text-sm leading-relaxed">{comment.body}</p>
      <AttachmentList attachments={comment.attachments} />
    </li>
  );
}

/**
 * The reply form; staff choose between a public reply (mailed to the requester) and an internal
 * note. Someone who replies while this one is being written is named before it is sent.
 */
function ReplyBox({
  ticket,
  comments,
  onTyping,
}: {
  ticket: Ticket;
  comments: Comment[];
  onTyping: () => void;
}) {
  const me = useCurrentUser();
  const staff = isStaff(me);
  const add = useAddComment(ticket._id);
  const [body, setBody] = useState("");
  // The replies on screen when writing began, and those added since that the writer has been shown.
  const [seenAtStart, setSeenAtStart] = useState<ReadonlySet<string> | null>(null);
  const [warned, setWarned] = useState<Comment[]>([]);
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const limits = useAttachmentLimits().data;
  const textId = useId();
  const hintId = useId();
  const failure = add.error instanceof ApiError ? add.error : null;
  // A refused file (413) is said beside the files; anything else beside the text.
  const fileError = failure && isFileRefusal(failure) ? failure.message : undefined;
  const error = failure && !fileError ? (failure.fieldMessage("body") ?? failure.message) : null;
  const sendable = body.trim() !== "" && !add.isPending && canSendFiles(files, limits);

  function chooseFiles(chosen: File[]) {
    setFiles(chosen);
    if (add.isError) add.reset();
  }

  function send(event?: FormEvent, anyway = false) {
    event?.preventDefault();
    if (!sendable) return;
    const added = seenAtStart ? repliesSince(seenAtStart, comments, me._id) : [];
    if (added.length > warned.length && !anyway) {
      setWarned(added);
      return;
    }
    add.mutate(
      { body, internal: staff && internal, files },
      {
        onSuccess: () => {
          setBody("");
          setFiles([]);
          setSeenAtStart(null);
          setWarned([]);
        },
      },
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send();
  }

  const hint = internal
    ? "Only moderators and admins see internal notes."
    : staff
      ? `${ticket.requester.email} gets this reply by email.`
      : "The support team is told of your reply.";

  return (
    <form onSubmit={send} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={textId} className="text-sm font-medium">
          Reply
        </label>
        {staff && (
          <div className="flex items-center gap-2 text-sm">
            <span aria-hidden="true" className={internal ? "text-base-content/60" : "font-medium"}>
              Public reply
            </span>
            <label className="flex cursor-pointer items-center gap-2">
              <input
                type="checkbox"
                data-shortcut="internal"
                className="toggle toggle-sm toggle-warning"
                checked={internal}
                onChange={(event) => setInternal(event.target.checked)}
              />
              <span
                className={`flex items-center gap-1 ${internal ? "font-medium text-warning" : "text-base-content/60"}`}
              >
                <LockIcon />
                Internal note
              </span>
            </label>
          </div>
        )}
      </div>
      <textarea
        id={textId}
        data-shortcut="reply"
        className={`textarea w-full ${internal ? "textarea-warning bg-warning/5" : ""} ${error ? "textarea-error" : ""}`}
        rows={4}
        maxLength={20_000}
        placeholder={internal ? "A note for the team…" : "Write a reply…"}
        value={body}
        onChange={(event) => {
          if (!body && event.target.value) setSeenAtStart(new Set(comments.map((comment) => comment._id)));
          setBody(event.target.value);
          onTyping();
          if (add.isError) add.reset();
        }}
        onKeyDown={onKeyDown}
        onPaste={pasteFilesInto((pasted) => chooseFiles([...files, ...pasted]))}
        aria-describedby={hintId}
        aria-invalid={Boolean(error)}
        readOnly={add.isPending}
      />
      {error && (
        <p role="alert" className="text-sm text-error">
          {error}
        </p>
      )}
      {warned.length > 0 && (
        <div role="alert" className="alert alert-warning alert-soft flex flex-wrap text-sm">
          <span className="min-w-0 flex-1">{describeNewReplies(warned)} Read it above before you send.</span>
          <button type="button" className="btn btn-sm" onClick={() => send(undefined, true)}>
            Send anyway
          </button>
        </div>
      )}
      <AttachmentPicker
        files={files}
        onChange={chooseFiles}
        limits={limits}
        serverError={fileError}
        disabled={add.isPending}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={hintId} className="text-xs text-base-content/60">
          {hint} <span className="hidden sm:inline">Ctrl+Enter sends.</span>
        </p>
        <button
          type="submit"
          className={`btn btn-sm ml-auto ${internal ? "btn-warning" : "btn-primary"}`}
          disabled={!sendable}
        >
          {add.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
          {internal && !add.isPending && <LockIcon />}
          {add.isPending ? "Sending…" : internal ? "Add note" : "Send reply"}
        </button>
      </div>
    </form>
  );
}

/** Who else of the staff has this ticket open, and who of them is writing a reply (live). */
function AlsoHere({ people }: { people: TicketPresence["people"] }) {
  return (
    <p className="flex flex-wrap items-center gap-1.5 text-sm" role="status" aria-live="polite">
      <span className="text-base-content/70">Also here:</span>
      {people.map((person) => (
        <span key={person._id} className="badge badge-sm badge-outline gap-1">
          {person.email}
          {person.typing && <span className="font-semibold">· writing a reply…</span>}
        </span>
      ))}
    </p>
  );
}

/** Replies in order, internal notes (staff only: the server never sends them to users) marked. */
export function TicketConversation({ ticket }: { ticket: Ticket }) {
  const comments = useComments(ticket._id);
  const me = useCurrentUser();
  const presence = useTicketPresence(ticket._id, me._id, isStaff(me));
  return (
    <section className="card border border-base-300 bg-base-100" aria-labelledby="conversation-title">
      <div className="card-body gap-4 p-4 sm:p-6">
        <h2 id="conversation-title" className="card-title text-base">
          Conversation
          {comments.data && comments.data.length > 0 && (
            <span className="badge badge-sm badge-ghost">{comments.data.length}</span>
          )}
        </h2>
        {presence.others.length > 0 && <AlsoHere people={presence.others} />}
        {comments.isPending ? (
          <Loading what="Loading replies" />
        ) : comments.isError ? (
          <ErrorState error={comments.error} onRetry={() => comments.refetch()} />
        ) : comments.data.length === 0 ? (
          <p className="text-sm text-base-content/60">No replies yet.</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {comments.data.map((comment) => (
              <CommentItem key={comment._id} comment={comment} ticket={ticket} />
            ))}
          </ol>
        )}
        <div className="border-t border-base-300 pt-4">
          <ReplyBox ticket={ticket} comments={comments.data ?? []} onTyping={presence.typing} />
        </div>
      </div>
    </section>
  );
}
