import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import type { Questionnaire } from '@relais/contracts';
import type { RequestContext } from '../audit/append-audit.ts';
import { questionnaireVersion } from '../assessments/questionnaires.ts';
import { listAssessments } from '../assessments/record-assessment.ts';
import type { Deps } from '../deps.ts';
import { questionnaireResponseResource } from './resources.ts';

type Actor = RequestContext & { actorId: string };

/** The patient's bilans and follow-up responses (D17), through the assessments' own read (access + audit). */
export async function searchQuestionnaireResponses(
  deps: Deps,
  ctx: Actor,
  base: string,
  patientId: string,
): Promise<QuestionnaireResponse[]> {
  const assessments = await listAssessments(deps, ctx, patientId);
  const definitions = new Map<string, Questionnaire | undefined>();
  for (const a of assessments) {
    const key = `${a.questionnaireId}@${a.questionnaireVersion}`;
    if (!definitions.has(key))
      definitions.set(key, await questionnaireVersion(deps.db, a.questionnaireId, a.questionnaireVersion));
  }
  return assessments.map((a) =>
    questionnaireResponseResource(
      base,
      patientId,
      a,
      definitions.get(`${a.questionnaireId}@${a.questionnaireVersion}`),
    ),
  );
}
