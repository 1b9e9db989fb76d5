/**
 * The strings of the bilans and questionnaires (D17), the negative-indicator alerts, "Fin série de soins" and
 * "Mes archives" (D18).
 */
const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

export const frAssessments = {
  kind: { bilan: 'Bilan', follow_up: 'Suivi' } as Record<string, string>,
  menu: {
    title: 'Suivi des patients',
    alerts: 'Remontées d’indicateurs négatifs',
    alertsLabel: (n: number) =>
      n === 0
        ? 'Remontées d’indicateurs négatifs : aucune non lue'
        : `Remontées d’indicateurs négatifs : ${plural(n, 'non lue', 'non lues')}`,
    unread: (n: number) =>
      n === 0 ? 'Aucune remontée non lue' : plural(n, 'remontée non lue', 'remontées non lues'),
    archives: 'Mes archives',
    archivesHint: 'Les dossiers dont vous avez terminé la série de soins',
  },
  fill: {
    title: 'Remplir un questionnaire',
    entry: 'Remplir un questionnaire',
    entryHint: 'Bilan ou suivi : une réponse inquiétante alerte aussitôt l’équipe de soins.',
    back: 'Retour au dossier',
    for: (name: string) => `Pour ${name}`,
    pick: 'Choisissez le questionnaire',
    empty: 'Aucun questionnaire ne vous est proposé.',
    emptyHint: 'Les questionnaires dépendent de votre profession ; le support peut en ajouter.',
    unknown: 'Ce questionnaire n’existe pas ou ne vous est pas proposé.',
    otherQuestionnaire: 'Choisir un autre questionnaire',
    linked: 'Réponse rattachée à la demande que vous avez acceptée.',
    source: (source: string) => `Seuils : ${source}`,
    intro: 'Toutes les réponses sont obligatoires, sauf celles marquées « facultatif ».',
    submit: 'Enregistrer les réponses',
    fix: (n: number) => (n === 1 ? 'Une réponse est à corriger.' : `${n} réponses sont à corriger.`),
    yes: 'Oui',
    no: 'Non',
    range: (min: string, max: string, unit: string | undefined) =>
      `Entre ${min} et ${max}${unit ? ` ${unit}` : ''}`,
    counter: (n: number, max: number) => `${n} / ${max} caractères`,
    required: 'Réponse obligatoire.',
    notNumber: 'Saisissez un nombre, par exemple 38,5.',
    notInteger: 'Saisissez un nombre entier.',
    outOfRange: (min: string, max: string, unit: string | undefined) =>
      `Valeur hors limites : entre ${min} et ${max}${unit ? ` ${unit}` : ''}.`,
    tooLong: (max: number) => `Texte trop long : ${max} caractères au plus.`,
    notCareTeam: 'Seule l’équipe de soins remplit les questionnaires de ce patient.',
  },
  result: {
    title: 'Réponses enregistrées',
    indicators: 'Indicateurs',
    negative: (n: number) => (n === 1 ? '1 indicateur négatif' : `${n} indicateurs négatifs`),
    alerted:
      'Remontée d’indicateur négatif : les autres membres de l’équipe de soins et le médecin traitant sont alertés.',
    allOk: 'Aucun indicateur négatif.',
    noIndicators: 'Ce questionnaire n’a pas d’indicateur.',
    back: 'Revenir au dossier',
  },
  indicator: { ok: 'Normal', negative: 'Négatif' } as Record<'ok' | 'negative', string>,
  timeline: {
    title: 'Bilans et questionnaires',
    empty: 'Aucun bilan ni questionnaire pour l’instant.',
    by: (name: string, when: string) => `${name} · ${when}`,
    me: '(vous)',
    answers: 'Voir les réponses',
    hideAnswers: 'Masquer les réponses',
    noAnswer: 'Sans réponse',
  },
  end: {
    title: 'Fin série de soins',
    button: 'Fin série de soins',
    hint: 'Votre série de soins terminée, le dossier passe dans « Mes archives », en lecture seule pour vous.',
    noSeries: 'Vous n’avez pas de série de soins en cours pour ce patient : acceptez d’abord une demande.',
    noBilan: 'Remplissez le bilan de fin de prise en charge avant de terminer la série de soins.',
    fillBilan: 'Remplir le bilan',
    confirmText: (name: string) =>
      `Vous terminez votre série de soins pour ${name}. Le dossier passera dans « Mes archives » et ne sera plus modifiable par vous.`,
    confirm: 'Terminer ma série de soins',
    keep: 'Annuler',
    done: 'Série de soins terminée : le dossier est dans « Mes archives ».',
    readOnly: 'Série de soins terminée : ce dossier est dans vos archives, en lecture seule.',
  },
  alerts: {
    title: 'Remontées d’indicateurs négatifs',
    empty: 'Aucune remontée d’indicateur négatif.',
    emptyHint:
      'Quand un questionnaire d’un de vos patients révèle un indicateur négatif, vous êtes alerté ici.',
    unread: 'Non lue',
    by: (name: string, when: string) => `Par ${name}, ${when}`,
    open: (name: string) => `Ouvrir le dossier de ${name}`,
    live: 'Remontée d’indicateur négatif : un de vos patients est à revoir.',
    count: (unread: number, total: number) =>
      `${plural(total, 'remontée', 'remontées')}, dont ${plural(unread, 'non lue', 'non lues')}`,
  },
  archives: {
    title: 'Mes archives',
    empty: 'Aucun dossier archivé.',
    emptyHint: 'Après « Fin série de soins », le dossier du patient apparaît ici, en lecture seule.',
    ended: (when: string) => `Série de soins terminée le ${when}`,
    archived: 'Archivé',
    archivedHint: 'Toute l’équipe a terminé',
    open: (name: string) => `Ouvrir le dossier archivé de ${name}`,
  },
};
