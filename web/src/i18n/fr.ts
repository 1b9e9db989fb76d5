/** Every string the user reads. Screens import from here; nothing French is written elsewhere in the UI. */
export const fr = {
  app: {
    name: 'Relais',
    title: (page: string) => `${page} · Relais`,
    home: 'Accueil Relais',
    loading: 'Chargement…',
    notFoundTitle: 'Page introuvable',
    notFoundText: 'Cette page n’existe pas ou n’est plus disponible.',
    backHome: 'Revenir à l’accueil',
  },
  common: {
    retry: 'Réessayer',
    cancel: 'Annuler',
    close: 'Fermer',
    logout: 'Se déconnecter',
    optional: '(facultatif)',
    showTyping: 'Afficher la saisie',
  },
  errors: {
    timeout: 'Délai dépassé, réessayez.',
    network: 'Connexion au serveur impossible. Vérifiez votre réseau, puis réessayez.',
    unexpected: 'Réponse inattendue du serveur. Réessayez plus tard.',
    server: 'Le serveur a rencontré un problème. Réessayez dans quelques instants.',
    unauthorized: 'Votre session a expiré. Reconnectez-vous.',
    forbidden: 'Vous n’avez pas accès à cette page.',
    notFound: 'Élément introuvable.',
    tooMany: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
    accountBlocked: 'Compte bloqué : contactez le support.',
    invalidForm: 'Certains champs sont à corriger.',
  },
  login: {
    title: 'Connexion',
    // A non-breaking hyphen: "e-" / "mail" must not be split across two lines on a phone.
    intro: 'Connectez-vous avec votre adresse e\u2011mail, votre numéro RPPS ou ADELI.',
    identifier: 'Identifiant',
    identifierHint: 'Adresse e-mail, numéro RPPS ou ADELI',
    password: 'Mot de passe',
    submit: 'Se connecter',
    forgotPassword: 'Mot de passe oublié ?',
    forgotPasswordHelp:
      'Contactez le support Relais : un membre de l’équipe vous enverra un mot de passe temporaire par SMS.',
    noAccount: 'Pas encore de compte ?',
    register: 'S’enregistrer',
    identifierRequired: 'Saisissez votre identifiant.',
    passwordRequired: 'Saisissez votre mot de passe.',
    remaining: (n: number) =>
      n <= 1
        ? `Attention : il vous reste ${n} essai avant le blocage du compte.`
        : `Il vous reste ${n} essais avant le blocage du compte.`,
  },
  otp: {
    title: 'Code de vérification',
    intro: (phoneHint: string) =>
      `Cet appareil n’est pas encore reconnu. Nous avons envoyé un code à 6 chiffres par SMS au ${phoneHint}.`,
    code: 'Code reçu par SMS',
    codeHint: '6 chiffres',
    codeInvalid: 'Le code doit comporter 6 chiffres.',
    submit: 'Valider',
    back: 'Revenir à la connexion',
    noCode: 'Pas de SMS ? Revenez à la connexion pour recevoir un nouveau code.',
  },
  pattern: {
    grid: 'Grille du schéma',
    dot: (n: number) => `Point ${n}`,
    linked: (count: number) =>
      count === 0 ? 'Aucun point relié.' : count === 1 ? '1 point relié.' : `${count} points reliés.`,
    keyboardHint: 'Au clavier : choisissez les points avec Entrée ou Espace, puis validez.',
    validate: 'Valider',
    clear: 'Effacer',
    tooShort: 'Reliez au moins 4 points.',
  },
  patternLogin: {
    title: 'Connexion par schéma',
    hello: (firstName: string) => `Bonjour ${firstName}`,
    intro: 'Dessinez votre schéma pour vous connecter.',
    forgot: 'Schéma oublié / Autre personne',
    wrong: (remaining: number | null) =>
      remaining === null
        ? 'Schéma incorrect.'
        : remaining <= 1
          ? `Schéma incorrect. Il vous reste ${remaining} essai.`
          : `Schéma incorrect. Il vous reste ${remaining} essais.`,
    revoked:
      'Le schéma de cet appareil a été désactivé. Connectez-vous avec vos identifiants pour en créer un nouveau.',
  },
  createPattern: {
    title: 'Créer mon schéma',
    intro:
      'Dessinez un schéma reliant au moins 4 points. Il vous permettra de vous connecter rapidement sur cet appareil.',
    confirm: 'Dessinez le même schéma une seconde fois pour le confirmer.',
    mismatch: 'Les deux schémas sont différents. Recommencez.',
    restart: 'Recommencer',
    saved: 'Schéma enregistré. Vous pourrez l’utiliser à votre prochaine connexion sur cet appareil.',
    noDevice: 'Cet appareil n’est pas reconnu. Reconnectez-vous avec vos identifiants pour créer un schéma.',
    step: (n: number) => `Étape ${n} sur 2`,
  },
  password: {
    title: 'Changer le mot de passe',
    forcedIntro:
      'Vous utilisez un mot de passe temporaire. Choisissez votre nouveau mot de passe pour continuer.',
    intro: 'Choisissez un mot de passe d’au moins 12 caractères, difficile à deviner.',
    current: 'Mot de passe actuel',
    currentTemporaryHint: 'Le mot de passe temporaire reçu par SMS.',
    next: 'Nouveau mot de passe',
    nextHint: 'Au moins 12 caractères. Une phrase de plusieurs mots est plus sûre et facile à retenir.',
    confirm: 'Confirmer le nouveau mot de passe',
    mismatch: 'Les deux mots de passe ne correspondent pas.',
    currentRequired: 'Saisissez votre mot de passe actuel.',
    submit: 'Enregistrer le mot de passe',
    changed: 'Votre mot de passe a été changé.',
  },
  registration: {
    title: 'S’enregistrer',
    intro:
      'Créez votre compte de professionnel de santé. Le support vérifie votre inscription avant de l’activer.',
    allRequired: 'Tous les champs sont obligatoires, sauf ceux marqués « facultatif ».',
    sectionIdentity: 'Identité professionnelle',
    sectionOffice: 'Cabinet',
    sectionContact: 'Coordonnées',
    sectionAccount: 'Connexion',
    sectionProof: 'Justificatif',
    identifierType: 'Type d’identifiant',
    rpps: 'RPPS',
    adeli: 'ADELI',
    identifierRpps: 'Numéro RPPS',
    identifierAdeli: 'Numéro ADELI',
    identifierHint: (digits: number) => `${digits} chiffres, clé de contrôle comprise`,
    identifierOk: 'Numéro valide.',
    profession: 'Profession',
    professionPlaceholder: 'Choisissez la profession',
    professionRequired: 'Choisissez la profession.',
    identifierRequired: {
      rpps: 'Le numéro RPPS est obligatoire.',
      adeli: 'Le numéro ADELI est obligatoire.',
    },
    specialty: 'Spécialité',
    firstName: 'Prénom',
    lastName: 'Nom',
    addressLine: 'Adresse du cabinet',
    addressLineHint: 'Numéro et voie',
    postalCode: 'Code postal',
    city: 'Ville',
    mobilePhone: 'Téléphone mobile',
    mobilePhoneHint: 'Le code de connexion vous sera envoyé par SMS à ce numéro.',
    mobilePhoneHintSupport: 'Le mot de passe temporaire sera envoyé par SMS à ce numéro.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    passwordHint: 'Au moins 12 caractères. Une phrase de plusieurs mots est plus sûre et facile à retenir.',
    network: 'Réseau (CPTS, maison de santé…)',
    proofLabel: 'Justificatif',
    proofHint:
      'Photo ou scan du recto de votre carte CPS, ou votre attestation ADELI. JPEG, PNG ou PDF, 10 Mo au plus.',
    proofChoose: 'Choisir un fichier',
    proofCamera: 'Prendre une photo',
    proofRequired: 'Ajoutez votre justificatif.',
    proofTooLarge: 'Le fichier dépasse 10 Mo.',
    proofBadType: 'Format non accepté : choisissez une image JPEG ou PNG, ou un PDF.',
    proofSelected: (name: string, size: string) => `${name} (${size})`,
    proofPreview: 'Aperçu du justificatif',
    proofRemove: 'Retirer le fichier',
    submit: 'S’enregistrer',
    doneTitle: 'Inscription envoyée',
    done: 'Votre inscription est en attente de validation par le support. Vous recevrez un message dès que votre compte sera activé.',
    backToLogin: 'Revenir à la connexion',
    haveAccount: 'Déjà inscrit ?',
  },
  home: {
    title: 'Accueil',
    hello: (firstName: string) => `Bonjour ${firstName}`,
    profile: 'Mon profil',
    identifier: (type: string, value: string) => `${type} ${value}`,
    phone: 'Téléphone',
    email: 'E-mail',
    office: 'Cabinet',
    network: 'Réseau',
    specialty: 'Spécialité',
    changePassword: 'Changer le mot de passe',
    comingSoon:
      'Le tableau de bord (demandes de prise en charge, messagerie, patients en coordination) arrive bientôt.',
  },
  statuses: {
    pending: 'En attente',
    active: 'Actif',
    blocked: 'Bloqué',
    rejected: 'Refusé',
  },
  roles: {
    support: 'Support',
  },
  support: {
    title: 'Console support',
    tabs: 'Sections de la console',
    tabRegistrations: 'Inscriptions en attente',
    tabAccounts: 'Comptes',
    tabNewProfessional: 'Nouveau professionnel',
    noPending: 'Aucune inscription en attente.',
    fieldIdentifier: 'Identifiant',
    fieldOffice: 'Cabinet',
    fieldPhone: 'Téléphone mobile',
    fieldEmail: 'E-mail',
    fieldNetwork: 'Réseau',
    fieldRegistered: 'Inscription',
    createdAt: (when: string) => `Compte créé le ${when}`,
    directory: 'Annuaire national',
    pendingCount: (n: number) => (n === 1 ? '1 inscription en attente' : `${n} inscriptions en attente`),
    directoryMismatch: 'Écarts avec l’annuaire',
    directoryNotFound: 'Absent de l’annuaire national',
    directoryFound: 'Conforme à l’annuaire',
    directoryUnchecked: 'Annuaire non consulté',
    directoryName: (name: string) => `Annuaire : ${name}`,
    directoryProfession: (p: string) => `Profession dans l’annuaire : ${p}`,
    mismatchFields: {
      firstName: 'Prénom différent de celui de l’annuaire',
      lastName: 'Nom différent de celui de l’annuaire',
      profession: 'Profession différente de celle de l’annuaire',
      inactive: 'Professionnel inactif dans l’annuaire',
    } as Record<string, string>,
    proofNone: 'Aucun justificatif fourni.',
    proofShow: 'Afficher le justificatif',
    proofHide: 'Masquer le justificatif',
    proofOpen: 'Ouvrir dans un nouvel onglet',
    proofAlt: (name: string) => `Justificatif de ${name}`,
    proofInfo: (type: string, size: string) => `${type}, ${size}`,
    approve: 'Valider',
    reject: 'Refuser',
    approved: (name: string) => `Inscription de ${name} validée.`,
    rejected: (name: string) => `Inscription de ${name} refusée.`,
    rejectTitle: (name: string) => `Refuser l’inscription de ${name}`,
    rejectReason: 'Motif du refus',
    rejectReasonHint: 'Le motif est communiqué au professionnel.',
    rejectConfirm: 'Confirmer le refus',
    reasonRequired: 'Le motif est obligatoire.',
    search: 'Rechercher',
    searchHint: 'Nom, e-mail, RPPS ou ADELI',
    statusFilter: 'Statut',
    allStatuses: 'Tous les statuts',
    accountsTotal: (n: number) => (n === 1 ? '1 compte' : `${n} comptes`),
    noAccounts: 'Aucun compte ne correspond.',
    failedLogins: (n: number) => (n === 1 ? '1 échec de connexion' : `${n} échecs de connexion`),
    temporaryPassword: 'Mot de passe temporaire',
    block: 'Bloquer',
    unblock: 'Débloquer',
    resetPassword: 'Réinitialiser le mot de passe',
    resetTitle: (name: string) => `Réinitialiser le mot de passe de ${name}`,
    resetText:
      'Un mot de passe temporaire sera envoyé par SMS. L’ancien mot de passe ne fonctionnera plus et le professionnel devra en choisir un nouveau à la connexion.',
    resetConfirm: 'Envoyer par SMS',
    resetDone: (name: string) => `Un mot de passe temporaire a été envoyé par SMS à ${name}.`,
    blocked: (name: string) => `Le compte de ${name} est bloqué.`,
    unblocked: (name: string) => `Le compte de ${name} est débloqué.`,
    previous: 'Page précédente',
    next: 'Page suivante',
    page: (n: number, of: number) => `Page ${n} sur ${of}`,
    newIntro:
      'Inscrivez un professionnel (par exemple les membres d’une CPTS). Il recevra un mot de passe temporaire par SMS.',
    create: 'Créer le compte',
    created: (name: string) =>
      `Le compte de ${name} est créé. Un mot de passe temporaire lui a été envoyé par SMS.`,
  },
} as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** `+33612345678` → `06 12 34 56 78`; other numbers are left as they are. */
export function formatPhone(e164: string): string {
  const match = /^\+33(\d{9})$/.exec(e164);
  if (!match?.[1]) return e164;
  // Non-breaking spaces: a number never breaks across two lines.
  return ('0' + match[1]).replace(/(\d{2})(?=\d)/g, '$1\u00a0');
}
