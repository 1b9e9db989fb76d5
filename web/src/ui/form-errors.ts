import { useEffect, type RefObject } from 'react';
import { ApiError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

export interface IssueList {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** zod issues → `{ "officeAddress.postalCode": "…" }`, the same keys the server uses in `details.fields`. */
export function issuesToFields(error: IssueList): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Per-field messages of a failed request, plus those that some known codes pin to a field. */
export function fieldsOf(error: unknown, codeToField: Record<string, string> = {}): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const fields = { ...error.fields };
  const field = codeToField[error.code];
  if (field) fields[field] ??= error.message;
  return fields;
}

/** The errors minus those of the fields just edited. */
export function withoutFields(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)));
}

/** Messages whose field the form does not show (so that none is silently lost). */
export function unplacedErrors(fields: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(fields)
    .filter(([key]) => !shown.includes(key))
    .map(([, message]) => message);
}

/** After a failed submit, move focus to the first field in error so keyboard and screen reader users land on it. */
export function useFocusFirstError(
  form: RefObject<HTMLElement | null>,
  errors: FieldErrors,
  attempt: number,
): void {
  useEffect(() => {
    if (attempt === 0 || Object.keys(errors).length === 0) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    // Keyed on the submit attempt only: focus must not jump while the user types.
  }, [attempt]);
}
