/** The strings of e-CPS login through Pro Santé Connect (D2). */
export const frPsc = {
  button: 'Se connecter avec e-CPS',
  buttonHint: 'Avec votre carte e-CPS, sans code SMS',
  or: 'ou',
  registerIntro: 'Avec votre e-CPS, pas de justificatif à envoyer : votre compte est vérifié aussitôt.',
  signup: {
    title: 'Compléter votre profil',
    intro:
      'Pro Santé Connect a confirmé votre identité. Indiquez votre téléphone mobile et votre adresse e\u2011mail pour terminer.',
    identity: 'Transmis par Pro Santé Connect',
    rpps: (id: string) => `RPPS ${id}`,
    adeli: (id: string) => `ADELI ${id}`,
    office: 'Cabinet',
    email: 'Adresse e-mail',
    emailHint: 'Pour les notifications et le support.',
    mobilePhone: 'Téléphone mobile',
    mobilePhoneHint: 'Pour les notifications par SMS.',
    officeLine: 'Adresse du cabinet',
    postalCode: 'Code postal',
    city: 'Ville',
    submit: 'Créer mon compte',
    expired: 'Votre connexion e-CPS a expiré.',
    restart: 'Recommencer avec e-CPS',
    loading: 'Chargement de votre profil…',
  },
  logout: {
    menu: 'Options de déconnexion',
    relaisOnly: 'Se déconnecter de Relais',
    alsoPsc: 'Se déconnecter aussi de Pro Santé Connect',
  },
};
