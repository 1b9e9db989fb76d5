/**
 * Every string of the care-request screens (demandes de prise en charge), the live events and the dashboard
 * badge. The wording follows the FAQ of the product we reimplement (`shared/seed/faq-entractes-fr.txt`).
 */
const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

export const frCareRequests = {
  nav: {
    section: 'Demandes de prise en charge',
    inbox: 'Demandes reçues',
    sent: 'Demandes envoyées',
    /** The two tabs of the requests screens, short enough for a phone. */
    inboxTab: 'Reçues',
    sentTab: 'Envoyées',
  },
  badge: {
    label: (n: number) =>
      n === 0
        ? 'Demandes reçues : aucune en attente'
        : n === 1
          ? 'Demandes reçues : 1 en attente'
          : `Demandes reçues : ${n} en attente`,
    short: 'Demandes',
  },
  dashboard: {
    title: 'Tableau de bord',
    pending: (n: number) =>
      n === 0
        ? 'Aucune demande en attente'
        : n === 1
          ? '1 demande en attente de réponse'
          : `${n} demandes en attente de réponse`,
    openInbox: 'Voir les demandes reçues',
    openSent: 'Voir mes demandes envoyées',
    createHint:
      'Pour demander une prise en charge, ouvrez le dossier du patient puis « Demande de prise en charge ».',
  },
  deadline: {
    presets: 'Délai de réponse',
    presetsHint: 'La moitié de ce délai est réservée aux professionnels habituels du patient, s’il en a.',
    custom: 'Autre',
    customAmount: 'Durée',
    customUnit: 'Unité',
    units: { minutes: 'minutes', hours: 'heures', days: 'jours' },
    invalidAmount: 'Saisissez une durée en nombre entier.',
    tooShort: 'Le délai de réponse est d’au moins 30 minutes.',
    tooLong: 'Le délai de réponse est d’au plus 7 jours.',
    presetLabel: {
      30: '30 min',
      120: '2 h',
      720: '12 h',
      1440: '24 h',
      2880: '48 h',
      10080: '7 j',
    } as Record<number, string>,
  },
  people: {
    doctor: (name: string) => `Dr ${name}`,
    withProfession: (name: string, profession: string) => `${name} (${profession})`,
  },
  time: {
    days: (n: number) => `${n} j`,
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
    lessThanMinute: 'moins d’une minute',
    remaining: (text: string) => `il reste ${text}`,
    elapsed: 'délai écoulé',
    today: (time: string) => `aujourd’hui à ${time}`,
    tomorrow: (time: string) => `demain à ${time}`,
    on: (date: string, time: string) => `le ${date} à ${time}`,
  },
  details: {
    from: (date: string) => `À partir du ${date}`,
    duration: (n: number) => plural(n, 'jour', 'jours'),
    homeVisit: 'À domicile',
    office: 'Au cabinet',
  },
  create: {
    title: 'Nouvelle demande de prise en charge',
    forPatient: (name: string) => `Pour ${name}`,
    intro:
      'La demande part d’abord aux professionnels habituels du patient, puis aux professionnels qui exercent autour de son domicile.',
    allRequired: 'Tous les champs sont obligatoires.',
    sectionWhat: 'Soins demandés',
    sectionWhen: 'Quand',
    sectionWhere: 'Lieu des soins',
    sectionDescription: 'Description',
    sectionDeadline: 'Délai de réponse',
    profession: 'Profession demandée',
    professionPlaceholder: 'Choisissez la profession',
    professionRequired: 'Choisissez la profession demandée.',
    careType: 'Type de soin',
    careTypePlaceholder: 'Choisissez le type de soin',
    careTypeRequired: 'Choisissez le type de soin.',
    startDate: 'Date de début',
    frequency: 'Fréquence',
    frequencyHint: 'Par exemple : 2 fois par jour',
    frequencySuggestions: 'Fréquences courantes',
    frequencyPresets: [
      '1 fois par jour',
      '2 fois par jour',
      '3 fois par jour',
      '1 jour sur 2',
      '1 fois par semaine',
    ],
    durationDays: 'Durée (en jours)',
    durationInvalid: 'La durée doit être un nombre entier de jours.',
    place: 'Où ont lieu les soins ?',
    homeVisit: 'À domicile',
    office: 'Au cabinet',
    description: 'Description de la demande',
    descriptionHint: 'Soins, contexte, matériel, accès au domicile…',
    descriptionWarning:
      'Seuls les professionnels habituels du patient et le professionnel qui acceptera la demande liront ce texte. Les autres destinataires ne voient ni le nom du patient ni cette description.',
    submit: 'Envoyer la demande',
    patientUnavailable: 'Ce dossier patient est introuvable ou ne vous est pas accessible.',
    sentTitle: 'Demande envoyée',
    phasePriority: (until: string) =>
      `Priorité aux habituels : seuls les professionnels habituels du patient la voient jusqu’à ${until}, puis elle passe au bassin.`,
    phasePool:
      'Bassin : la demande est envoyée aux professionnels qui exercent autour du domicile du patient.',
    recipients: (n: number) =>
      n === 0
        ? 'Aucun destinataire pour le moment.'
        : `Envoyée à ${plural(n, 'professionnel', 'professionnels')}.`,
    noRecipients:
      'Aucun professionnel ne couvre encore la commune du patient. Vous pourrez relancer la demande en élargissant la zone depuis « Demandes envoyées ».',
    deadline: (when: string) => `Réponse attendue au plus tard ${when}.`,
    seeSent: 'Voir mes demandes envoyées',
    another: 'Faire une autre demande',
    backToFile: 'Revenir au dossier du patient',
    backToPatients: 'Revenir à mes patients',
  },
  inbox: {
    title: 'Demandes reçues',
    intro: 'Faites glisser la carte vers la gauche ou la droite pour passer d’une demande à l’autre.',
    empty: 'Aucune demande en attente.',
    emptyHint: 'Les nouvelles demandes apparaissent ici dès leur envoi.',
    position: (n: number, of: number) => `Demande ${n} sur ${of}`,
    previous: 'Demande précédente',
    next: 'Demande suivante',
    cards: 'Demandes en attente',
  },
  card: {
    anonymous: 'Patient anonyme jusqu’à l’acceptation',
    patient: 'Patient',
    born: (date: string) => `né(e) le ${date}`,
    description: 'Description',
    declencheur: 'Demande de',
    commune: 'Commune',
    area: 'Secteur approximatif',
    deadline: 'Répondre avant',
    care: 'Soins',
    accept: 'Accepter',
    decline: 'Décliner',
    declineHint:
      'Si vous n’êtes pas disponible, déclinez plutôt que d’ignorer : le patient sera pris en charge plus vite par un confrère.',
    declined: 'Demande déclinée.',
    expiredLocally: 'Le délai de réponse est écoulé.',
  },
  map: {
    label: (commune: string, radius: string) =>
      `Zone approximative du patient : un cercle de ${radius} de rayon, commune de ${commune}.`,
    labelWithOffice: (commune: string, radius: string, distance: string) =>
      `Zone approximative du patient : un cercle de ${radius} de rayon, commune de ${commune}, à environ ${distance} de votre cabinet.`,
    office: 'Votre cabinet',
    north: 'N',
    distance: (d: string) => `À environ ${d} de votre cabinet`,
    hint: 'Position approximative : l’adresse exacte s’affiche après acceptation.',
  },
  decline: {
    title: 'Décliner la demande',
    reason: 'Motif',
    reasonHint: 'Par exemple : pas de disponibilité cette semaine. Le motif aide le déclencheur.',
    confirm: 'Décliner la demande',
    keep: 'Revenir à la demande',
  },
  conflicts: {
    already_accepted: 'Demande déjà acceptée par un autre professionnel',
    already_accepted_by_you: 'Vous avez déjà accepté cette demande.',
    expired: 'Cette demande a expiré.',
    cancelled: 'Cette demande a été annulée par le professionnel qui l’a créée.',
    declined: 'Vous avez décliné cette demande.',
  } as Record<string, string>,
  sent: {
    title: 'Demandes envoyées',
    empty: 'Vous n’avez envoyé aucune demande.',
    emptyHint: 'Une demande se crée depuis le dossier du patient.',
    patient: (name: string) => `Patient : ${name}`,
    createdAt: (when: string) => `Envoyée le ${when}`,
    phasePriority: 'Priorité aux habituels',
    phasePool: 'Bassin',
    acceptedBy: (name: string) => `Acceptée par ${name}`,
    expired: 'Expirée',
    cancelled: 'Annulée',
    recipients: (n: number) => plural(n, 'destinataire', 'destinataires'),
    declines: (n: number) => (n === 0 ? 'aucun refus' : plural(n, 'refus', 'refus')),
    deadline: (when: string) => `Réponse attendue au plus tard ${when}`,
    acceptedAt: (when: string) => `Acceptée le ${when}`,
    expiredAt: (when: string) => `Expirée le ${when}`,
    cancel: 'Annuler',
    relaunch: 'Relancer',
    cancelTitle: 'Annuler la demande',
    cancelText: 'Les professionnels qui ont reçu la demande seront prévenus de son annulation.',
    cancelConfirm: 'Annuler la demande',
    cancelKeep: 'Garder la demande',
    cancelled_notice: 'Demande annulée.',
  },
  relaunch: {
    title: 'Relancer la demande',
    intro: 'Une nouvelle demande part avec les mêmes soins et la même description.',
    widen: 'Élargir la zone de recherche',
    widenHint: 'Ajoute ces kilomètres à la zone de chaque professionnel.',
    widenNone: 'Non',
    widenBy: (km: number) => `+${km} km`,
    widenLabel: (km: number) => `élargir de ${km} km`,
    confirm: 'Relancer la demande',
    done: (n: number) =>
      n === 0
        ? 'Demande relancée, mais aucun professionnel ne couvre encore cette zone.'
        : `Demande relancée : envoyée à ${plural(n, 'professionnel', 'professionnels')}.`,
  },
  patientFile: {
    title: 'Demandes de prise en charge',
    create: 'Nouvelle demande',
    createHint:
      'Aux professionnels habituels du patient d’abord, puis aux professionnels autour de son domicile.',
    accepted: 'Demande que vous avez acceptée',
    mine: 'Mes demandes pour ce patient',
    none: 'Vous n’avez envoyé aucune demande pour ce patient.',
    seeAll: 'Voir toutes mes demandes envoyées',
    acceptedNotice: 'Demande acceptée : vous faites maintenant partie de l’équipe de soins du patient.',
  },
  live: {
    new: 'Nouvelle demande de prise en charge',
    taken: 'Demande déjà acceptée par un autre professionnel',
    accepted: 'Votre demande de prise en charge a été acceptée',
    acceptedBy: (name: string) => `Votre demande de prise en charge a été acceptée par ${name}`,
    acceptedForPatient: (name: string) => `Demande de prise en charge acceptée par ${name}`,
    expired: 'Votre demande de prise en charge a expiré sans réponse : vous pouvez la relancer.',
    cancelled: 'Une demande de prise en charge a été annulée',
  },
} as const;
