/** Every string of the secure messaging screens (Messagerie, D19) and of its entry on the home page. */
const count = (n: number, one: string, many: string) =>
  n === 1 ? `1 ${one}` : `${n.toLocaleString('fr-FR')} ${many}`;

export const frMessaging = {
  menu: {
    title: 'Messagerie',
    open: 'Ouvrir la messagerie',
    unread: (n: number) =>
      n === 0 ? 'Aucun message non lu' : count(n, 'message non lu', 'messages non lus'),
    label: (n: number) =>
      n === 0
        ? 'Messagerie : aucun message non lu'
        : `Messagerie : ${count(n, 'message non lu', 'messages non lus')}`,
    hint: 'Écrivez à n’importe quel professionnel inscrit, par son nom.',
  },
  list: {
    title: 'Messagerie',
    newMessage: 'Nouveau message',
    empty: 'Aucune conversation pour l’instant.',
    emptyHint:
      'Écrivez à un ou plusieurs professionnels inscrits sur Relais : il suffit de leur nom, pas de leur numéro.',
    noMessage: 'Aucun message pour l’instant',
    you: 'Vous',
    preview: (author: string, body: string) => `${author} : ${body}`,
    unreadBadge: (n: number) => count(n, 'message non lu', 'messages non lus'),
    alone: 'Vous seul',
    threadLabel: (title: string, unread: number) =>
      unread === 0 ? title : `${title}, ${count(unread, 'message non lu', 'messages non lus')}`,
  },
  people: {
    doctor: (name: string) => `Dr ${name}`,
    withProfession: (name: string, profession: string) => `${name} (${profession})`,
    others: (names: string[]) =>
      names.length <= 1
        ? (names[0] ?? '')
        : `${names.slice(0, -1).join(', ')} et ${names[names.length - 1] ?? ''}`,
    left: 'a quitté la conversation',
  },
  create: {
    title: 'Nouveau message',
    back: 'Messagerie',
    search: 'Destinataires',
    searchHint: 'Nom ou prénom d’un professionnel inscrit sur Relais (les accents ne comptent pas).',
    typeMore: 'Saisissez au moins 2 lettres.',
    results: 'Professionnels inscrits',
    noMatch: 'Aucun professionnel inscrit ne correspond à ce nom.',
    choose: (name: string) => `Choisir ${name}`,
    chosen: (n: number) =>
      n === 0 ? 'Aucun destinataire choisi' : count(n, 'destinataire choisi', 'destinataires choisis'),
    chosenList: 'Destinataires choisis',
    remove: (name: string) => `Retirer ${name}`,
    max: (n: number) => `Au plus ${n} destinataires.`,
    subject: 'Sujet',
    subjectHint: 'Facultatif : par exemple le motif ou le patient concerné, sans données inutiles.',
    submit: 'Rédiger',
    nobody: 'Choisissez au moins un destinataire.',
  },
  thread: {
    fallbackTitle: 'Conversation',
    back: 'Messagerie',
    participants: 'Participants',
    group: (n: number) => count(n, 'participant', 'participants'),
    older: 'Afficher les messages plus anciens',
    loadingOlder: 'Chargement des messages plus anciens…',
    start: 'Début de la conversation',
    empty: 'Aucun message pour l’instant. Écrivez le premier.',
    composer: 'Votre message',
    composerPlaceholder: 'Écrire un message…',
    send: 'Envoyer',
    sending: 'Envoi…',
    enterHint: 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
    counter: (n: number, max: number) =>
      `${n.toLocaleString('fr-FR')} / ${max.toLocaleString('fr-FR')} caractères`,
    mine: 'Vous',
    read: 'Lu',
    readBy: (names: string[]) => `Lu par ${names.join(', ')}`,
    readByAll: 'Lu par tous',
    sentAt: (time: string) => `Envoyé ${time}`,
    today: 'Aujourd’hui',
    yesterday: 'Hier',
    alone: 'Les autres participants ont quitté la conversation.',
    options: 'Options de la conversation',
    leave: 'Quitter la conversation',
    leaveTitle: 'Quitter la conversation ?',
    leaveText:
      'Vous ne recevrez plus ses messages et elle disparaîtra de votre messagerie. Les autres participants pourront continuer sans vous.',
    leaveConfirm: 'Quitter la conversation',
    leaveKeep: 'Rester dans la conversation',
    left: 'Vous avez quitté la conversation.',
    notFound: 'Cette conversation n’existe pas ou vous n’y participez plus.',
  },
  live: {
    newFrom: (name: string) => `Nouveau message de ${name}`,
    newMessage: 'Nouveau message',
  },
};
