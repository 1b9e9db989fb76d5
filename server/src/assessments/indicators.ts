import type { Questionnaire } from '@relais/contracts';
import { invalidFields } from '../shared/errors.ts';

export type Answers = Record<string, number | boolean | string | null>;
export interface IndicatorOutcome {
  code: string;
  label: string;
  status: 'ok' | 'negative';
}

/**
 * Checks answers against the definition (types, ranges, options, required items, no unknown item) and returns
 * them normalised; every problem is named per item in French.
 */
export function validateAnswers(q: Questionnaire, answers: Answers): Answers {
  const fields: Record<string, string> = {};
  const known = new Set(q.items.map((i) => i.code));
  for (const code of Object.keys(answers))
    if (!known.has(code)) fields[`answers.${code}`] = 'Question inconnue.';
  const clean: Answers = {};
  for (const item of q.items) {
    const value = answers[item.code];
    const path = `answers.${item.code}`;
    if (value === undefined || value === null || value === '') {
      if (item.required) fields[path] = `« ${item.label} » est obligatoire.`;
      continue;
    }
    switch (item.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          fields[path] = `« ${item.label} » doit être un nombre.`;
        else if (value < item.min || value > item.max)
          fields[path] =
            `« ${item.label} » doit être entre ${item.min} et ${item.max}${item.unit ? ` ${item.unit}` : ''}.`;
        else clean[item.code] = value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') fields[path] = `« ${item.label} » : oui ou non.`;
        else clean[item.code] = value;
        break;
      case 'choice':
        if (typeof value !== 'string' || !item.options.some((o) => o.value === value))
          fields[path] = `« ${item.label} » : choisissez une des réponses proposées.`;
        else clean[item.code] = value;
        break;
      case 'text':
        if (typeof value !== 'string') fields[path] = `« ${item.label} » doit être un texte.`;
        else if (value.length > item.maxLength)
          fields[path] = `« ${item.label} » est trop long (${item.maxLength} caractères au plus).`;
        else clean[item.code] = value.trim();
        break;
    }
  }
  if (Object.keys(fields).length) throw invalidFields(fields, 'Certaines réponses ne conviennent pas.');
  return clean;
}

/** D17 — indicators computed on the server from the definition's rules; unanswered optional items stay ok. */
export function computeIndicators(q: Questionnaire, answers: Answers): IndicatorOutcome[] {
  return q.indicators.map((rule) => {
    const value = answers[rule.item];
    const c = rule.negativeWhen;
    let negative = false;
    if (value !== undefined && value !== null) {
      switch (c.op) {
        case '<':
          negative = typeof value === 'number' && value < c.value;
          break;
        case '<=':
          negative = typeof value === 'number' && value <= c.value;
          break;
        case '>':
          negative = typeof value === 'number' && value > c.value;
          break;
        case '>=':
          negative = typeof value === 'number' && value >= c.value;
          break;
        case 'equals':
          negative = value === c.value;
          break;
        case 'in':
          negative = typeof value === 'string' && c.value.includes(value);
          break;
      }
    }
    return { code: rule.code, label: rule.label, status: negative ? 'negative' : 'ok' };
  });
}
