import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useDocumentTitle } from "../components/document-title.ts";
import { Field, TextInput } from "../components/field.tsx";

type AuthFormProps = {
  title: string;
  submitLabel: string;
  passwordAutoComplete: "current-password" | "new-password";
  passwordHint?: string;
  onSubmit(credentials: { email: string; password: string }): Promise<unknown>;
  /** What this form is for, under its title, when the title alone does not say. */
  intro?: ReactNode;
  footer?: ReactNode;
};

/** Sign-in and sign-up share one form: the server validates, its messages appear beside the fields. */
export function AuthForm({
  title,
  submitLabel,
  passwordAutoComplete,
  passwordHint,
  onSubmit,
  intro,
  footer,
}: AuthFormProps) {
  useDocumentTitle(title);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Once the session has a user, the page leaves for where the visitor was going (VisitorsOnly).
      await onSubmit({ email, password });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "unknown", "Something went wrong."));
    } finally {
      setBusy(false);
    }
  }

  const emailError = error?.fieldMessage("email");
  const passwordError = error?.fieldMessage("password");
  const formError = error && !emailError && !passwordError ? error.message : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center bg-base-200 px-4 py-10">
      <div className="card w-full max-w-sm bg-base-100 shadow-md">
        <form className="card-body gap-1" onSubmit={submit} noValidate>
          <div className="mb-2 flex items-center gap-2">
            <img src="/favicon.svg" alt="" className="size-8" />
            <span className="text-lg font-bold">Helpdesk</span>
          </div>
          <h1 className="card-title text-2xl">{title}</h1>
          {intro && <div className="mt-1 text-sm text-base-content/80">{intro}</div>}
          {formError && (
            <div role="alert" className="alert alert-error alert-soft mt-2 text-sm">
              {formError}
            </div>
          )}
          <Field label="Email" error={emailError}>
            {(props) => (
              <TextInput
                {...props}
                type="email"
                name="email"
                autoComplete="email"
                required
                autoFocus
                value={email}
                invalid={Boolean(emailError)}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Field label="Password" error={passwordError} hint={passwordHint}>
            {(props) => (
              <TextInput
                {...props}
                type="password"
                name="password"
                autoComplete={passwordAutoComplete}
                required
                value={password}
                invalid={Boolean(passwordError)}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-primary mt-4" disabled={busy}>
            {busy && <span className="loading loading-spinner loading-sm" aria-hidden="true" />}
            {submitLabel}
          </button>
          {footer && <p className="mt-3 text-center text-sm">{footer}</p>}
        </form>
      </div>
    </main>
  );
}
