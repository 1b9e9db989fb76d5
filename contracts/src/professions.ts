/** Professions of the TRE_G15 terminology (ANS) that Relais serves. */
export const PROFESSIONS = {
  '10': 'Médecin',
  '21': 'Pharmacien',
  '40': 'Chirurgien-dentiste',
  '50': 'Sage-femme',
  '60': 'Infirmier',
  '70': 'Masseur-kinésithérapeute',
  '80': 'Pédicure-podologue',
  '91': 'Orthophoniste',
  '92': 'Orthoptiste',
  '94': 'Ergothérapeute',
  '96': 'Psychomotricien',
  '26': 'Audioprothésiste',
  '28': 'Opticien-lunetier',
  '86': 'Diététicien',
} as const;

export type ProfessionCode = keyof typeof PROFESSIONS;
export const PROFESSION_CODES = Object.keys(PROFESSIONS) as [ProfessionCode, ...ProfessionCode[]];
