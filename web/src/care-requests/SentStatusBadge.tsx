import { Badge } from '@mantine/core';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import type { SentRequest } from './care-requests-api.ts';
import { personName } from './format.ts';

const t = frCareRequests.sent;

/** Where a request I sent stands: its phase while open, then who accepted, expired or cancelled. */
export function SentStatusBadge({ request }: { request: SentRequest }) {
  // A long name wraps rather than being cut.
  const props = {
    variant: 'light',
    size: 'lg',
    tt: 'none',
    h: 'auto',
    py: 4,
    maw: '100%',
    styles: { label: { whiteSpace: 'normal', overflow: 'visible' } },
  } as const;
  switch (request.status) {
    case 'open':
      return request.phase === 'priority' ? (
        <Badge {...props} color="violet">
          {t.phasePriority}
        </Badge>
      ) : (
        <Badge {...props} color="blue">
          {t.phasePool}
        </Badge>
      );
    case 'accepted':
      return (
        <Badge {...props} color="green">
          {request.acceptedBy ? t.acceptedBy(personName(request.acceptedBy)) : t.acceptedBy('…')}
        </Badge>
      );
    case 'expired':
      return (
        <Badge {...props} color="orange">
          {t.expired}
        </Badge>
      );
    case 'cancelled':
      return (
        <Badge {...props} color="gray">
          {t.cancelled}
        </Badge>
      );
  }
}
