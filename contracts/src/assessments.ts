import { z } from 'zod';
import { Profession } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

const Code = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Code attendu : minuscules, chiffres et _, 40 caractères au plus.');

export const QuestionnaireItem = z.discriminatedUnion('type', [
  z.strictObject({
    code: Code,
    label: z.string().min(1).max(200),
    type: z.literal('number'),
    unit: z.string().max(20).optional(),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional(),
    required: z.boolean(),
  }),
  z.strictObject({
    code: Code,
    label: z.string().min(1).max(200),
    type: z.literal('boolean'),
    required: z.boolean(),
  }),
  z.strictObject({
    code: Code,
    label: z.string().min(1).max(200),
    type: z.literal('choice'),
    options: z
      .array(z.strictObject({ value: Code, label: z.string().min(1).max(100) }))
      .min(2)
      .max(20),
    required: z.boolean(),
  }),
  z.strictObject({
    code: Code,
    label: z.string().min(1).max(200),
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(5000),
    required: z.boolean(),
  }),
]);
export type QuestionnaireItem = z.infer<typeof QuestionnaireItem>;

/** An indicator turns negative when its item's answer meets the condition. */
export const IndicatorRule = z.strictObject({
  code: Code,
  label: z.string().min(1).max(200),
  item: Code,
  negativeWhen: z.discriminatedUnion('op', [
    z.strictObject({ op: z.enum(['<', '<=', '>', '>=']), value: z.number() }),
    z.strictObject({ op: z.literal('equals'), value: z.union([z.string(), z.boolean(), z.number()]) }),
    z.strictObject({ op: z.literal('in'), value: z.array(z.string()).min(1) }),
  ]),
});
export type IndicatorRule = z.infer<typeof IndicatorRule>;

export const QuestionnaireDefinition = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{3,60}$/, 'Identifiant : minuscules, chiffres et tirets (3 à 60).'),
    title: z.string().min(3).max(200),
    kind: z.enum(['bilan', 'follow_up']),
    /** Professions that fill it; empty: any care team member. */
    professions: z.array(Profession).max(20),
    /** The public protocol the thresholds come from. */
    source: z.string().min(3).max(500),
    items: z.array(QuestionnaireItem).min(1).max(60),
    indicators: z.array(IndicatorRule).max(60),
  })
  .superRefine((q, ctx) => {
    const codes = new Set<string>();
    q.items.forEach((item, i) => {
      if (codes.has(item.code))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: 'Code en double.' });
      codes.add(item.code);
      if (item.type === 'number' && item.min > item.max)
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'min'],
          message: 'Le minimum dépasse le maximum.',
        });
    });
    q.indicators.forEach((rule, i) => {
      if (!codes.has(rule.item))
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'item'],
          message: 'Item inconnu dans ce questionnaire.',
        });
    });
  });
export type QuestionnaireDefinition = z.infer<typeof QuestionnaireDefinition>;

export const Questionnaire = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  kind: z.enum(['bilan', 'follow_up']),
  professions: z.array(Profession),
  source: z.string(),
  items: z.array(QuestionnaireItem),
  indicators: z.array(IndicatorRule),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

export const AnswerValue = z.union([z.number(), z.boolean(), z.string().max(5000), z.null()]);
export const CreateAssessment = z.strictObject({
  questionnaireId: z.string().max(60),
  answers: z.record(z.string().max(40), AnswerValue),
  careRequestId: Uuid.optional(),
});

export const IndicatorResult = z.object({
  code: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'negative']),
});
export const AssessmentCreated = z.object({ id: Uuid, indicators: z.array(IndicatorResult) });

export const Assessment = z.object({
  id: Uuid,
  questionnaireId: z.string(),
  questionnaireVersion: z.number(),
  title: z.string(),
  kind: z.enum(['bilan', 'follow_up']),
  author: z.object({
    id: Uuid,
    firstName: z.string(),
    lastName: z.string(),
    profession: Profession.nullable(),
  }),
  answers: z.record(z.string(), AnswerValue),
  indicators: z.array(IndicatorResult),
  careRequestId: Uuid.nullable(),
  createdAt: Instant,
});
export type Assessment = z.infer<typeof Assessment>;

export const Alert = z.object({
  id: Uuid,
  kind: z.literal('negative_indicator'),
  patient: z.object({ id: Uuid, firstName: z.string(), lastName: z.string() }),
  assessmentId: Uuid,
  indicators: z.array(z.object({ code: z.string(), label: z.string() })),
  author: z.object({ id: Uuid, firstName: z.string(), lastName: z.string() }),
  createdAt: Instant,
  readAt: Instant.nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertQuery = z.strictObject({ unread: z.enum(['true', 'false']).optional() });
