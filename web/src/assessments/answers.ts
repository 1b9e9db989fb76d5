import { frAssessments } from '../i18n/fr-assessments.ts';
import type { Answer, Questionnaire, QuestionnaireItem } from './assessments-api.ts';

const t = frAssessments.fill;

/** What the form holds per item: the typed text of a number or a text, the picked value of a choice. */
export type Draft = Record<string, string | boolean | undefined>;

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
export const frenchNumber = (n: number) => decimal.format(n);

/** "38,5" or "38.5" → 38.5; null when the text is not a number. */
export function parseNumber(text: string): number | null {
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

function isBlank(value: string | boolean | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * The problem with one answer, in French, or null. `required` problems are left out while the user is still
 * typing (`final` false), so that an empty form does not shout at them; range and type problems show at once.
 */
export function itemProblem(
  item: QuestionnaireItem,
  value: string | boolean | undefined,
  final: boolean,
): string | null {
  if (isBlank(value)) return item.required && final ? t.required : null;
  switch (item.type) {
    case 'number': {
      const n = parseNumber(String(value));
      if (n === null) return t.notNumber;
      if (Number.isInteger(item.step ?? 0.5) && !Number.isInteger(n)) return t.notInteger;
      if (n < item.min || n > item.max)
        return t.outOfRange(frenchNumber(item.min), frenchNumber(item.max), item.unit);
      return null;
    }
    case 'text':
      return String(value).length > item.maxLength ? t.tooLong(item.maxLength) : null;
    case 'boolean':
    case 'choice':
      return null;
  }
}

export function problems(q: Questionnaire, draft: Draft, final: boolean): Record<string, string> {
  const found: Record<string, string> = {};
  for (const item of q.items) {
    const problem = itemProblem(item, draft[item.code], final);
    if (problem) found[item.code] = problem;
  }
  return found;
}

/** The answers as the API takes them (unanswered optional items left out). */
export function toAnswers(q: Questionnaire, draft: Draft): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const item of q.items) {
    const value = draft[item.code];
    if (isBlank(value)) continue;
    if (item.type === 'number') answers[item.code] = parseNumber(String(value));
    else if (item.type === 'text') answers[item.code] = String(value).trim();
    else answers[item.code] = value ?? null;
  }
  return answers;
}

/** The server's per-field messages (`answers.<code>`) keyed by item code. */
export function serverProblems(fields: Record<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields))
    if (path.startsWith('answers.')) found[path.slice('answers.'.length)] = message;
  return found;
}

/** How a stored answer reads in the timeline. */
export function answerText(item: QuestionnaireItem | undefined, value: Answer | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (typeof value === 'number') {
    const unit = item?.type === 'number' ? item.unit : undefined;
    return `${frenchNumber(value)}${unit ? ` ${unit}` : ''}`;
  }
  if (item?.type === 'choice') return item.options.find((o) => o.value === value)?.label ?? value;
  return value;
}
