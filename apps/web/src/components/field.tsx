import { type InputHTMLAttributes, type ReactNode, useId } from "react";

type FieldProps = {
  label: string;
  /** The server's message about this field, shown under it and announced to screen readers. */
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
};

/** A labelled form control with its validation message. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <fieldset className="fieldset">
      <label htmlFor={id} className="fieldset-legend pb-1">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        "aria-describedby": error || hint ? messageId : undefined,
      })}
      {error ? (
        <p id={messageId} className="mt-1 text-xs whitespace-normal text-error" role="alert">
          {error}
        </p>
      ) : (
        hint && (
          <p id={messageId} className="label whitespace-normal">
            {hint}
          </p>
        )
      )}
    </fieldset>
  );
}

export function TextInput({
  invalid,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  return (
    <input {...props} className={`input w-full ${invalid ? "input-error" : ""} ${props.className ?? ""}`} />
  );
}
