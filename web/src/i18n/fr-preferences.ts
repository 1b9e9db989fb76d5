import type { DayMode, Weekday } from '@relais/contracts';

/** The strings of "Profil activité": Pref. PeC (D5) and Pref. Notifs (D6). Wording from the FAQ. */
export const frPreferences = {
  menu: {
    title: 'Profil activité',
    activity: 'Pref. PeC',
    activityHint: 'Visites à domicile, cabinet, rayon et communes',
    schedule: 'Pref. Notifs',
    scheduleHint: 'Jours et horaires de notification',
  },
  backHome: 'Accueil',
  unsaved: 'Modifications non enregistrées.',
  save: 'Enregistrer',
  saved: 'Préférences enregistrées.',
  activity: {
    title: 'Pref. PeC',
    subtitle: 'Préférences de prise en charge',
    intro:
      'Les demandes de prise en charge des patients qui habitent les communes de votre zone vous sont adressées.',
    sectionKind: 'Type d’activité',
    homeVisits: 'Visites à domicile',
    officeConsultations: 'Consultations au cabinet',
    atLeastOne: 'Choisissez au moins les visites à domicile ou les consultations au cabinet.',
    sectionRadius: 'Rayon d’activité',
    radius: 'Rayon autour du cabinet (km)',
    radiusHint: (min: number, max: number, byDefault: number) =>
      `De ${min} à ${max} km, ${byDefault} km par défaut.`,
    radiusSlider: 'Rayon autour du cabinet, en kilomètres',
    radiusValue: (km: number) => `${km}\u00a0km`,
    radiusInvalid: (min: number, max: number) => `Le rayon doit être compris entre ${min} et ${max} km.`,
    radiusPending: 'Enregistrez pour recalculer la liste des communes avec ce rayon.',
    sectionMap: 'Ma zone',
    mapLabel: (km: number, office: string, count: number) =>
      `Carte de la zone : cercle de ${km} km autour du cabinet (${office}), ${count} commune${count > 1 ? 's' : ''} attribuée${count > 1 ? 's' : ''}.`,
    legendOffice: 'Cabinet',
    legendCircle: (km: number) => `Rayon de ${km} km`,
    legendCommune: 'Commune attribuée',
    legendRemoved: 'Commune retirée',
    mapApproximate:
      'Chaque commune est placée à sa distance du cabinet ; sa direction sur ce schéma est indicative.',
    scale: (km: number) => `${km} km`,
    noOffice:
      'L’adresse de votre cabinet n’a pas pu être localisée : votre zone ne peut pas être calculée. Vérifiez l’adresse de votre cabinet dans votre profil.',
    officeAt: (name: string) => `Cabinet : ${name}`,
    sectionCommunes: (n: number) => `Communes attribuées (${n})`,
    communesIntro:
      'Retirez les communes où vous ne souhaitez pas intervenir. Elles restent retirées si vous changez le rayon.',
    commune: (name: string, km: number) => `${name} · ${formatKm(km)}`,
    noCommune: 'Aucune commune attribuée.',
    filter: 'Filtrer les communes',
    filterHint: 'Nom de la commune',
    noMatch: 'Aucune commune ne correspond.',
    showMore: (n: number) => `Afficher ${n} commune${n > 1 ? 's' : ''} de plus`,
    remove: 'Retirer',
    removeLabel: (name: string) => `Retirer ${name}`,
    sectionRemoved: (n: number) => `Communes retirées (${n})`,
    restore: 'Rétablir',
    restoreLabel: (name: string) => `Rétablir ${name}`,
    removedCommune: (name: string, km: number | null) => (km === null ? name : `${name} · ${formatKm(km)}`),
  },
  schedule: {
    title: 'Pref. Notifs',
    subtitle: 'Préférences de notification',
    govern:
      'Ces horaires décident seulement quand Relais vous envoie des notifications (push, SMS, e-mail) ; l’application affiche toujours toutes vos demandes et vos messages.',
    howTo:
      'Touchez un jour pour passer de « Disponible toute la journée » à « Horaires personnalisés », puis à « Indisponible toute la journée », puis revenir au début.',
    timezone: 'Heures de Paris. Une fin à 00:00 signifie minuit.',
    days: {
      monday: 'Lundi',
      tuesday: 'Mardi',
      wednesday: 'Mercredi',
      thursday: 'Jeudi',
      friday: 'Vendredi',
      saturday: 'Samedi',
      sunday: 'Dimanche',
    } satisfies Record<Weekday, string>,
    modes: {
      all_day: 'Disponible toute la journée',
      custom: 'Horaires personnalisés',
      unavailable: 'Indisponible toute la journée',
    } satisfies Record<DayMode, string>,
    dayButton: (day: string, mode: string) => `${day} : ${mode}`,
    nextMode: (mode: string) => `Toucher pour passer à « ${mode} ».`,
    rangeTitle: (n: number) => `Plage ${n}`,
    remove: 'Supprimer',
    start: 'Début',
    end: 'Fin',
    rangeStart: (day: string, n: number) => `${day}, plage ${n}, début`,
    rangeEnd: (day: string, n: number) => `${day}, plage ${n}, fin`,
    rangeSummary: (start: string, end: string) => `${start}–${end}`,
    addRange: 'Ajouter une plage',
    addRangeLabel: (day: string) => `Ajouter une plage horaire le ${day.toLowerCase()}`,
    removeRange: (day: string, n: number) => `Supprimer la plage ${n} du ${day.toLowerCase()}`,
    timeInvalid: 'Heure invalide (HH:MM).',
    endBeforeStart: 'L’heure de fin doit suivre l’heure de début.',
    overlap: (a: string, b: string) => `Les plages ${a} et ${b} se chevauchent.`,
    noRange: 'Ajoutez au moins une plage horaire.',
  },
} as const;

function formatKm(km: number): string {
  // A non-breaking space: "3,8" and "km" never part at the end of a line.
  return `${km.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0km`;
}
