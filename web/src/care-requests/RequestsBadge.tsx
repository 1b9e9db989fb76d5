import { Indicator, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useCachedMe } from '../auth/session.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { INBOX_PATH } from './paths.ts';
import { useDashboard } from './useDashboard.ts';

function InboxIcon() {
  return (
    <svg width={26} height={26} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M4 13.5V18a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4.5M4 13.5L6.5 5h11l2.5 8.5M4 13.5h4.5l1.5 2.5h4l1.5-2.5H20"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

/**
 * The header's count of pending requests (D14), "le chiffre entouré en haut à droite de votre écran":
 * a tap opens them. Live events keep it current.
 */
export function RequestsBadge() {
  const me = useCachedMe();
  const count = useDashboard().data?.pendingRequests ?? 0;
  if (me?.user.role !== 'professional') return null;
  return (
    <UnstyledButton
      component={Link}
      to={INBOX_PATH}
      aria-label={frCareRequests.badge.label(count)}
      data-testid="requests-badge"
      c="blue.9"
      p={8}
      style={{ display: 'inline-flex', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Indicator
        label={count > 99 ? '99+' : count}
        disabled={count === 0}
        size={20}
        color="red.9"
        offset={3}
        fw={700}
      >
        <InboxIcon />
      </Indicator>
    </UnstyledButton>
  );
}
