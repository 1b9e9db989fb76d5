/**
 * Registers `/sw.js` (app shell cache; Web Push handlers from notifications/sw-push.ts, built to `/sw-push.js`)
 * in production builds only, so dev reloads stay fresh.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Service worker registration failed', error);
    });
  });
}
