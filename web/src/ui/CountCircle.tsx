import { Text } from '@mantine/core';

/**
 * The big round count of a home card (pending requests, unread messages, alerts): red when there is something to
 * see. Above `max` it reads "max+".
 */
export function CountCircle({ count, testId, max }: { count: number; testId: string; max?: number }) {
  const capped = max !== undefined && count > max;
  return (
    <Text
      component="span"
      fw={800}
      fz={capped ? 20 : 28}
      lh={1}
      c={count > 0 ? 'white' : 'gray.8'}
      bg={count > 0 ? 'red.9' : 'gray.2'}
      w={52}
      h={52}
      style={{ borderRadius: '50%', display: 'grid', placeItems: 'center', flexShrink: 0 }}
      data-testid={testId}
    >
      {capped ? `${max}+` : count}
    </Text>
  );
}
