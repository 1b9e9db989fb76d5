import { useEffect } from 'react';
import { fr } from '../i18n/fr.ts';

/** Each screen names itself in the tab and for screen readers announcing the page. */
export function usePageTitle(page: string): void {
  useEffect(() => {
    document.title = fr.app.title(page);
  }, [page]);
}
