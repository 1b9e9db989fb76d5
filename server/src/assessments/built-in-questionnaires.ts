import type { QuestionnaireDefinition } from '@relais/contracts';

/**
 * Thresholds of the COVID-19 home follow-up: the signs that call for medical reassessment in the French
 * home-monitoring protocols — HAS, « Réponses rapides dans le cadre de la COVID-19 : prise en charge de premier
 * recours des patients suspectés de COVID-19 » (2020, updated 2021) and the AP-HP Covidom alert grid: SpO2 < 95 %
 * (≤ 92 %: emergency), respiratory rate > 22/min, heart rate > 120/min, temperature ≥ 39 °C or < 36 °C,
 * worsening dyspnoea, altered general state.
 */
export const COVID_FOLLOW_UP: QuestionnaireDefinition = {
  id: 'suivi-covid-19',
  title: 'Suivi COVID-19 à domicile',
  kind: 'follow_up',
  professions: ['60', '10'],
  source:
    'HAS, Réponses rapides COVID-19 — prise en charge de premier recours (2020, mise à jour 2021) ; grille d’alerte Covidom (AP-HP)',
  items: [
    {
      code: 'temperature',
      label: 'Température',
      type: 'number',
      unit: '°C',
      min: 34,
      max: 43,
      step: 0.1,
      required: true,
    },
    {
      code: 'spo2',
      label: 'Saturation en oxygène (SpO2)',
      type: 'number',
      unit: '%',
      min: 50,
      max: 100,
      step: 1,
      required: true,
    },
    {
      code: 'respiratory_rate',
      label: 'Fréquence respiratoire',
      type: 'number',
      unit: '/min',
      min: 5,
      max: 60,
      step: 1,
      required: true,
    },
    {
      code: 'heart_rate',
      label: 'Fréquence cardiaque',
      type: 'number',
      unit: '/min',
      min: 30,
      max: 220,
      step: 1,
      required: true,
    },
    { code: 'dyspnoea_worse', label: 'Essoufflement aggravé', type: 'boolean', required: true },
    {
      code: 'general_state',
      label: 'État général',
      type: 'choice',
      options: [
        { value: 'bon', label: 'Bon' },
        { value: 'moyen', label: 'Moyen' },
        { value: 'altere', label: 'Altéré' },
      ],
      required: true,
    },
    { code: 'comment', label: 'Observations', type: 'text', maxLength: 1000, required: false },
  ],
  indicators: [
    { code: 'spo2_low', label: 'SpO2 inférieure à 95 %', item: 'spo2', negativeWhen: { op: '<', value: 95 } },
    {
      code: 'respiratory_rate_high',
      label: 'Fréquence respiratoire supérieure à 22/min',
      item: 'respiratory_rate',
      negativeWhen: { op: '>', value: 22 },
    },
    {
      code: 'heart_rate_high',
      label: 'Fréquence cardiaque supérieure à 120/min',
      item: 'heart_rate',
      negativeWhen: { op: '>', value: 120 },
    },
    {
      code: 'fever_high',
      label: 'Température ≥ 39 °C',
      item: 'temperature',
      negativeWhen: { op: '>=', value: 39 },
    },
    {
      code: 'hypothermia',
      label: 'Température < 36 °C',
      item: 'temperature',
      negativeWhen: { op: '<', value: 36 },
    },
    {
      code: 'dyspnoea',
      label: 'Essoufflement aggravé',
      item: 'dyspnoea_worse',
      negativeWhen: { op: 'equals', value: true },
    },
    {
      code: 'general_state',
      label: 'État général altéré',
      item: 'general_state',
      negativeWhen: { op: 'in', value: ['altere'] },
    },
  ],
};

/** End-of-care bilan: whether the goals were met, pain (numeric scale 0–10), autonomy, follow-up. */
export const END_OF_CARE_BILAN: QuestionnaireDefinition = {
  id: 'bilan-fin-prise-en-charge',
  title: 'Bilan de fin de prise en charge',
  kind: 'bilan',
  professions: [],
  source:
    'Échelle numérique de la douleur (EN 0–10, HAS 1999 : douleur intense ≥ 7) ; objectifs de soins du plan de soins',
  items: [
    {
      code: 'goals_met',
      label: 'Objectifs de soins atteints',
      type: 'choice',
      options: [
        { value: 'oui', label: 'Oui' },
        { value: 'partiellement', label: 'Partiellement' },
        { value: 'non', label: 'Non' },
      ],
      required: true,
    },
    {
      code: 'pain',
      label: 'Douleur (échelle numérique)',
      type: 'number',
      unit: '/10',
      min: 0,
      max: 10,
      step: 1,
      required: true,
    },
    {
      code: 'autonomy',
      label: 'Autonomie',
      type: 'choice',
      options: [
        { value: 'autonome', label: 'Autonome' },
        { value: 'aide_partielle', label: 'Aide partielle' },
        { value: 'dependant', label: 'Dépendant' },
      ],
      required: true,
    },
    { code: 'follow_up_needed', label: 'Suivi à prévoir', type: 'boolean', required: true },
    { code: 'summary', label: 'Synthèse', type: 'text', maxLength: 2000, required: false },
  ],
  indicators: [
    {
      code: 'goals_not_met',
      label: 'Objectifs non atteints',
      item: 'goals_met',
      negativeWhen: { op: 'in', value: ['non'] },
    },
    {
      code: 'pain_intense',
      label: 'Douleur intense (≥ 7/10)',
      item: 'pain',
      negativeWhen: { op: '>=', value: 7 },
    },
  ],
};

export const BUILT_IN_QUESTIONNAIRES = [END_OF_CARE_BILAN, COVID_FOLLOW_UP];
