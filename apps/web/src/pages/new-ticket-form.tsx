import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { useAttachmentLimits } from "../api/attachments.ts";
import { ApiError, isFileRefusal } from "../api/client.ts";
import { useCreateTicket } from "../api/tickets.ts";
import { AttachmentPicker, canSendFiles, pasteFilesInto } from "../components/attachment-picker.tsx";
import { Field, TextInput } from "../components/field.tsx";
import { isStaff, useCurrentUser } from "../session/session.tsx";

/** Filing a ticket: the title and the whole story; triage and routing happen after it is saved. */
export function NewTicketForm({ onCancel }: { onCancel(): void }) {
  const navigate = useNavigate();
  const create = useCreateTicket();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const staff = isStaff(useCurrentUser());
  const [requesterEmail, setRequesterEmail] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const limits = useAttachmentLimits().data;
  const failure = create.error instanceof ApiError ? create.error : null;
  // A refused file (413) is said beside the files, not above the form.
  const fileError = failure && isFileRefusal(failure) ? failure.message : undefined;
  const error = fileError ? null : failure;
  const titleError = error?.fieldMessage("title");
  const descriptionError = error?.fieldMessage("description");
  const requesterError = error?.fieldMessage("requesterEmail");

  function chooseFiles(chosen: File[]) {
    setFiles(chosen);
    if (create.isError) create.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSendFiles(files, limits)) return;
    create.mutate(
      { title, description, files, ...(requesterEmail.trim() && { requesterEmail: requesterEmail.trim() }) },
      { onSuccess: (ticket) => navigate(`/tickets/${ticket._id}`) },
    );
  }

  return (
    <form onSubmit={submit} className="card mb-6 border border-base-300 bg-base-100" noValidate>
      <div className="card-body gap-1">
        <h2 className="card-title">New ticket</h2>
        {error && !titleError && !descriptionError && !requesterError && (
          <div role="alert" className="alert alert-error alert-soft text-sm">
            {error.message}
          </div>
        )}
        {staff && (
          <Field
            label="For (requester's email)"
            error={requesterError}
            hint="Leave empty to file it as yourself. A new address gets a contact account."
          >
            {(props) => (
              <TextInput
                {...props}
                name="requesterEmail"
                type="email"
                autoComplete="off"
                placeholder="someone@example.com"
                value={requesterEmail}
                invalid={Boolean(requesterError)}
                onChange={(event) => setRequesterEmail(event.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="Title" error={titleError}>
          {(props) => (
            <TextInput
              {...props}
              name="title"
              maxLength={200}
              autoFocus
              placeholder="A short line: what is wrong or what you need"
              value={title}
              invalid={Boolean(titleError)}
              onChange={(event) => setTitle(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Description"
          error={descriptionError}
          hint="What happened, what you expected, since when."
        >
          {(props) => (
            <textarea
              {...props}
              name="description"
              rows={6}
              maxLength={20_000}
              className={`textarea w-full ${descriptionError ? "textarea-error" : ""}`}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              onPaste={pasteFilesInto((pasted) => chooseFiles([...files, ...pasted]))}
            />
          )}
        </Field>
        <AttachmentPicker
          files={files}
          onChange={chooseFiles}
          limits={limits}
          serverError={fileError}
          disabled={create.isPending}
        />
        <div className="card-actions mt-3 justify-end">
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending || !canSendFiles(files, limits)}
          >
            {create.isPending && <span className="loading loading-spinner loading-sm" aria-hidden="true" />}
            File ticket
          </button>
        </div>
      </div>
    </form>
  );
}
