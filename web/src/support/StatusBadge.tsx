import { Badge } from '@mantine/core';
import { fr } from '../i18n/fr.ts';
import type { Status } from './support-api.ts';

const COLORS: Record<Status, string> = {
  active: 'green',
  pending: 'orange',
  blocked: 'red',
  rejected: 'gray',
};

export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge variant="light" color={COLORS[status]} size="md">
      {fr.statuses[status]}
    </Badge>
  );
}
