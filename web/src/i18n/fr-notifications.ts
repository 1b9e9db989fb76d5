import type { NotificationKind } from '@relais/contracts';

/** The strings of notifications: this device's push, channels per kind, and support's failed deliveries. */
export const frNotifications = {
  scheduleHeading: 'Jours et horaires de notification',
  device: {
    title: 'Notifications sur cet appareil',
    intro:
      'Recevez les nouvelles demandes, les messages et les alertes sur ce téléphone, même quand Relais est fermé.',
    checking: 'Vérification de cet appareil…',
    enable: 'Activer les notifications sur cet appareil',
    enabling: 'Activation…',
    disable: 'Désactiver',
    disableLabel: 'Désactiver les notifications sur cet appareil',
    on: 'Activées sur cet appareil.',
    onHint: 'Elles sonnent selon vos jours et horaires de notification ci-dessous.',
    off: 'Non activées sur cet appareil.',
    enabled: 'Notifications activées sur cet appareil.',
    disabled: 'Notifications désactivées sur cet appareil.',
    denied: 'Refusées par le navigateur.',
    deniedHow:
      'Pour les autoriser : touchez l’icône à gauche de l’adresse (ou Paramètres du navigateur → Paramètres des sites → Notifications), autorisez Relais, puis revenez sur cette page.',
    recheck: 'J’ai modifié le réglage',
    dismissed:
      'Vous n’avez pas répondu à la demande d’autorisation. Touchez de nouveau le bouton et choisissez « Autoriser ».',
    unsupported: 'Non prises en charge par ce navigateur.',
    unsupportedHow:
      'Utilisez une version récente de Chrome, Firefox, Edge ou Safari. Vous restez prévenu par SMS si vous l’activez ci-dessous.',
    needsInstall: 'Sur iPhone et iPad, installez d’abord Relais sur l’écran d’accueil.',
    needsInstallHow:
      'Dans Safari : touchez Partager, puis « Sur l’écran d’accueil ». Ouvrez ensuite Relais depuis son icône et revenez ici (iOS 16.4 ou plus récent).',
    pushService: (detail: string) =>
      `Le navigateur n’a pas pu s’abonner au service de notification (${detail}). En navigation privée, les notifications ne sont pas disponibles ; sinon, vérifiez votre connexion et réessayez.`,
  },
  channels: {
    title: 'Par quel moyen être prévenu',
    intro: 'Pour chaque sujet, choisissez la notification sur vos appareils et/ou un SMS.',
    kinds: {
      care_requests: 'Demandes de prise en charge',
      messages: 'Messages',
      alerts: 'Alertes',
    } satisfies Record<NotificationKind, string>,
    hints: {
      care_requests: 'Une demande que vous pouvez accepter, ou dont le sort a changé.',
      messages: 'Un nouveau message dans la messagerie.',
      alerts: 'Un indicateur négatif chez un patient que vous suivez.',
    } satisfies Record<NotificationKind, string>,
    push: 'Notification',
    sms: 'SMS',
    toggleLabel: (channel: string, kind: string) => `${channel} : ${kind}`,
    none: 'Aucun moyen choisi : vous verrez ces informations seulement en ouvrant Relais.',
    smsNote:
      'Un SMS ne contient jamais de donnée patient, seulement par exemple « Nouvelle demande de prise en charge sur Relais ».',
    emailNote:
      'Les questions de compte (codes, validation de l’inscription, mot de passe) vous parviennent par e-mail ou SMS.',
    saved: 'Choix enregistré.',
  },
  failed: {
    tab: 'Envois en échec',
    intro: 'Les envois abandonnés après le dernier essai. « Réessayer » les remet dans la file d’envoi.',
    channel: 'Canal',
    all: 'Tous',
    channels: { push: 'Notification', sms: 'SMS', email: 'E-mail' },
    empty: 'Aucun envoi en échec.',
    emptyFiltered: 'Aucun envoi en échec pour ce filtre.',
    count: (n: number) => `${n} envoi${n > 1 ? 's' : ''} en échec`,
    noUser: 'Sans compte',
    attempts: (n: number) => `${n} essai${n > 1 ? 's' : ''}`,
    lastError: 'Dernière erreur',
    noError: 'Aucune erreur enregistrée',
    createdAt: 'Créé le',
    retry: 'Réessayer',
    retryLabel: (who: string, channel: string) => `Réessayer l’envoi ${channel} à ${who}`,
    retried: 'Envoi remis dans la file.',
    onlyUser: 'Voir ses envois seulement',
    userFilter: (name: string) => `Envois de ${name}`,
    clearUser: 'Tous les professionnels',
    kinds: {
      care_request: 'Demande de prise en charge',
      message: 'Message',
      alert: 'Alerte',
      login_code: 'Code de connexion',
      registration: 'Inscription',
      password: 'Mot de passe',
      treating_doctor: 'Médecin traitant',
    } as Record<string, string>,
  },
} as const;

/** `care_request.new` → "Demande de prise en charge (new)"; an unknown kind is shown as it is. */
export function deliveryKindLabel(kind: string): string {
  const labels = frNotifications.failed.kinds;
  const [family = kind, detail] = kind.split('.', 2);
  const exact = labels[kind];
  if (exact) return exact;
  const prefix = Object.keys(labels).find((key) => family.startsWith(key));
  if (!prefix) return kind;
  return detail ? `${labels[prefix] ?? kind} (${detail.replace(/_/g, ' ')})` : (labels[prefix] ?? kind);
}
