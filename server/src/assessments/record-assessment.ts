import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Assessment } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { publishEvent } from '../events/publish-event.ts';
import { enqueueMany } from '../notifications/enqueue.ts';
import { patientTransaction, requirePatient } from '../patients/access.ts';
import { AppError, invalidFields } from '../shared/errors.ts';
import { computeIndicators, validateAnswers, type Answers, type IndicatorOutcome } from './indicators.ts';
import { ensureBuiltInQuestionnaires, latestQuestionnaire, questionnaireVersion } from './questionnaires.ts';

type Actor = RequestContext & { actorId: string };

const aad = (id: string, field: 'answers' | 'indicators') => `assessment:${id}:${field}`;

/**
 * D17 — a care team member fills a questionnaire for a patient. Indicators are computed here; a negative one
 * alerts every other care team member and the registered médecin traitant ("Remontée d'indicateur négatif"):
 * alert rows, live events and push rows, in the transaction of the answer.
 */
export async function recordAssessment(
  deps: Deps,
  ctx: Actor,
  patientId: string,
  input: { questionnaireId: string; answers: Answers; careRequestId?: string | undefined },
): Promise<{ id: string; indicators: IndicatorOutcome[] }> {
  await ensureBuiltInQuestionnaires(deps.database, deps.clock);
  return patientTransaction(deps, ctx, async (tx) => {
    await requirePatient(tx, ctx, patientId, 'write', 'assessment.create');
    const q = await latestQuestionnaire(tx, input.questionnaireId);
    const [author] = await rows<{ profession: string | null }>(
      tx,
      sql`SELECT profession FROM users WHERE id = ${ctx.actorId}`,
    );
    if (q.professions.length && !q.professions.includes(author?.profession as (typeof q.professions)[number]))
      throw new AppError('rule_violated', 'Ce questionnaire est réservé à d’autres professions.');
    if (input.careRequestId) {
      const [request] = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM care_requests WHERE id = ${input.careRequestId} AND patient_id = ${patientId}`,
      );
      if (!request) throw invalidFields({ careRequestId: 'Cette demande ne concerne pas ce patient.' });
    }
    const answers = validateAnswers(q, input.answers);
    const indicators = computeIndicators(q, answers);
    const id = randomUUID();
    const now = deps.clock.now();
    await tx.execute(sql`
      INSERT INTO assessments (id, patient_id, author_id, questionnaire_id, questionnaire_version, kind, care_request_id,
                               answers, indicators, created_at)
      VALUES (${id}, ${patientId}, ${ctx.actorId}, ${q.id}, ${q.version}, ${q.kind}, ${input.careRequestId ?? null},
              ${deps.cipher.sealJson(answers, aad(id, 'answers'))}, ${deps.cipher.sealJson(indicators, aad(id, 'indicators'))},
              ${now.toISOString()})`);
    const negative = indicators.filter((i) => i.status === 'negative');
    let alerted: string[] = [];
    if (negative.length) {
      alerted = (
        await rows<{ user_id: string }>(
          tx,
          sql`SELECT DISTINCT ct.user_id FROM care_team ct JOIN users u ON u.id = ct.user_id
              WHERE ct.patient_id = ${patientId} AND u.status = 'active' AND ct.user_id <> ${ctx.actorId}
                AND NOT EXISTS (SELECT 1 FROM care_endings e WHERE e.patient_id = ct.patient_id AND e.user_id = ct.user_id)
              UNION
              SELECT p.treating_doctor_user_id FROM patients p JOIN users u ON u.id = p.treating_doctor_user_id
              WHERE p.id = ${patientId} AND u.status = 'active' AND p.treating_doctor_user_id <> ${ctx.actorId}`,
        )
      ).map((r) => r.user_id);
      for (const userId of alerted) {
        const alertId = randomUUID();
        await tx.execute(sql`INSERT INTO alerts (id, user_id, patient_id, assessment_id, created_at)
                             VALUES (${alertId}, ${userId}, ${patientId}, ${id}, ${now.toISOString()})`);
        await publishEvent(tx, deps.clock, [userId], 'alert.negative_indicator', { alertId, patientId });
      }
      await enqueueMany(
        tx,
        deps.clock,
        deps.cipher,
        alerted.map((userId) => ({
          channel: 'push' as const,
          recipient: userId,
          userId,
          kind: 'alert.negative_indicator',
          body: 'Remontée d’indicateur négatif sur Relais',
          idempotencyKey: `alert:${id}:${userId}`,
        })),
      );
    }
    await appendAudit(tx, deps.clock, ctx, {
      action: 'assessment.create',
      outcome: 'success',
      patientId,
      targetId: id,
      details: {
        questionnaire: q.id,
        version: q.version,
        negative: negative.length,
        alerted: alerted.length,
      },
    });
    return { id, indicators };
  });
}

/** The file's timeline of bilans and questionnaire responses, newest first; the read is audited. */
export async function listAssessments(deps: Deps, ctx: Actor, patientId: string): Promise<Assessment[]> {
  await ensureBuiltInQuestionnaires(deps.database, deps.clock);
  return patientTransaction(deps, ctx, async (tx) => {
    await requirePatient(tx, ctx, patientId, 'read', 'assessment.list');
    const found = await rows<{
      id: string;
      questionnaire_id: string;
      questionnaire_version: number;
      kind: 'bilan' | 'follow_up';
      care_request_id: string | null;
      answers: Uint8Array;
      indicators: Uint8Array;
      created_at: Date | string;
      author_id: string;
      first_name: string;
      last_name: string;
      profession: string | null;
    }>(
      tx,
      sql`SELECT a.*, u.first_name, u.last_name, u.profession FROM assessments a JOIN users u ON u.id = a.author_id
          WHERE a.patient_id = ${patientId} ORDER BY a.created_at DESC`,
    );
    const titles = new Map<string, string>();
    const result: Assessment[] = [];
    for (const a of found) {
      const key = `${a.questionnaire_id}@${a.questionnaire_version}`;
      if (!titles.has(key))
        titles.set(
          key,
          (await questionnaireVersion(tx, a.questionnaire_id, a.questionnaire_version))?.title ??
            a.questionnaire_id,
        );
      result.push({
        id: a.id,
        questionnaireId: a.questionnaire_id,
        questionnaireVersion: a.questionnaire_version,
        title: titles.get(key) ?? a.questionnaire_id,
        kind: a.kind,
        author: {
          id: a.author_id,
          firstName: a.first_name,
          lastName: a.last_name,
          profession: a.profession as Assessment['author']['profession'],
        },
        answers: deps.cipher.openJson<Answers>(Buffer.from(a.answers), aad(a.id, 'answers')),
        indicators: deps.cipher.openJson<IndicatorOutcome[]>(
          Buffer.from(a.indicators),
          aad(a.id, 'indicators'),
        ),
        careRequestId: a.care_request_id,
        createdAt: new Date(a.created_at).toISOString(),
      });
    }
    await appendAudit(tx, deps.clock, ctx, {
      action: 'assessment.list',
      outcome: 'success',
      patientId,
      details: { count: result.length },
    });
    return result;
  });
}
