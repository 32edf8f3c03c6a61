import {
  cloneElement,
  isValidElement,
  useId,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { controlClass } from "./classes";

interface ControlProps {
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-required"?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  /** One control: `TextInput`, `Select`, `Textarea` or any element taking id and aria props. */
  children: ReactElement<ControlProps>;
  hint?: ReactNode;
  /** A sentence saying what to fix; the control is marked invalid and described by it. */
  error?: string | null;
  /** Shows "(optional)" beside the label. */
  optional?: boolean;
  className?: string;
  /** Hides the label visually but keeps it for screen readers (a search box). */
  hideLabel?: boolean;
}

/**
 * A labelled control with its hint and error. The error is tied to the
 * control by `aria-describedby` and `aria-invalid`, and shown in red beside it;
 * it goes away as soon as the caller clears it (on change, once fixed).
 */
export function Field({
  label,
  children,
  hint,
  error,
  optional,
  className = "",
  hideLabel,
}: FieldProps) {
  const auto = useId();
  const id = children.props.id ?? auto;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy =
    [children.props["aria-describedby"], errorId, hintId].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        "aria-invalid": error ? true : children.props["aria-invalid"],
        "aria-describedby": describedBy,
      })
    : children;
  return (
    <div className={className}>
      <label
        htmlFor={id}
        className={
          hideLabel
            ? "sr-only"
            : "mb-1.5 block text-sm font-medium text-zinc-800 dark:text-zinc-200"
        }
      >
        {label}
        {optional && (
          <span className="ml-1 font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
        )}
      </label>
      {control}
      {error && (
        <p
          id={errorId}
          className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400"
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="mt-0.5 size-4 shrink-0"
            fill="currentColor"
          >
            <path
              fillRule="evenodd"
              d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
            />
          </svg>
          <span>{error}</span>
        </p>
      )}
      {hint && (
        <p id={hintId} className="mt-1.5 text-sm text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
    </div>
  );
}

type Invalid = { invalid?: boolean };

/** A text input; `Field` gives it its label and error. */
export function TextInput({
  className = "",
  invalid,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & Invalid) {
  const isInvalid = invalid || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return <input className={controlClass(isInvalid, `h-11 ${className}`)} {...rest} />;
}

/** A native select (the best one on phones); `Field` gives it its label and error. */
export function Select({
  className = "",
  invalid,
  children,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & Invalid) {
  const isInvalid = invalid || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return (
    <select className={controlClass(isInvalid, `h-11 pr-8 ${className}`)} {...rest}>
      {children}
    </select>
  );
}

/** A multi-line text input; `Field` gives it its label and error. */
export function Textarea({
  className = "",
  invalid,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & Invalid) {
  const isInvalid = invalid || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return <textarea className={controlClass(isInvalid, `py-2 ${className}`)} {...rest} />;
}

/** A checkbox with its label beside it. */
export function Checkbox({
  label,
  className = "",
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className={`inline-flex cursor-pointer items-center gap-2 text-sm ${className}`}>
      <input
        type="checkbox"
        className="size-4 rounded border-zinc-300 accent-zinc-900 dark:accent-white"
        {...rest}
      />
      {label}
    </label>
  );
}

/**
 * A form's own error, one that belongs to no field (the server refused, a
 * list could not load): announced at once, red in both themes. Nothing when
 * `children` is empty.
 */
export function FormError({
  children,
  className = "",
}: {
  children?: ReactNode;
  className?: string;
}) {
  if (!children) return null;
  return (
    <p role="alert" className={`text-sm text-red-700 dark:text-red-400 ${className}`}>
      {children}
    </p>
  );
}
