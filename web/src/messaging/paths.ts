/** Where the messaging screens live (App.tsx routes them; push notifications open `threadPath`). */
export const MESSAGING_PATH = '/messagerie';
export const NEW_THREAD_PATH = '/messagerie/nouveau';
export const threadPath = (id: string) => `/messagerie/${encodeURIComponent(id)}`;
