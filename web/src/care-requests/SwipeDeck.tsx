import { ActionIcon, Group, Text } from '@mantine/core';
import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { frCareRequests } from '../i18n/fr-care-requests.ts';

const t = frCareRequests.inbox;
/** A finger must travel this far sideways (px) for a swipe; less is a tap or a scroll. */
const SWIPE_PX = 60;

function Chevron({ direction }: { direction: 'left' | 'right' }) {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d={direction === 'left' ? 'M15 5l-7 7 7 7' : 'M9 5l7 7-7 7'}
        fill="none"
        stroke="currentColor"
        strokeWidth={2.5}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

interface SwipeDeckProps {
  index: number;
  count: number;
  onPrevious: () => void;
  onNext: () => void;
  children: ReactNode;
}

/**
 * One card at a time: swipe left for the next, right for the previous (as in the FAQ: "défilez l’écran vers la
 * gauche pour passer d’une demande à l’autre"), or the buttons, or the arrow keys from within the card.
 */
export function SwipeDeck({ index, count, onPrevious, onNext, children }: SwipeDeckProps) {
  const start = useRef<{ id: number; x: number; y: number } | null>(null);
  const [offset, setOffset] = useState(0);
  const hasPrevious = index > 0;
  const hasNext = index < count - 1;

  const end = (event: PointerEvent) => {
    const origin = start.current;
    start.current = null;
    setOffset(0);
    if (!origin || origin.id !== event.pointerId) return;
    const dx = event.clientX - origin.x;
    const dy = event.clientY - origin.y;
    if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    if (dx < 0 && hasNext) onNext();
    if (dx > 0 && hasPrevious) onPrevious();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (event.key === 'ArrowLeft' && hasPrevious) {
      event.preventDefault();
      onPrevious();
    } else if (event.key === 'ArrowRight' && hasNext) {
      event.preventDefault();
      onNext();
    }
  };

  return (
    <section aria-label={t.cards} onKeyDown={onKeyDown}>
      <Group justify="space-between" wrap="nowrap" mb="sm">
        <ActionIcon
          variant="default"
          size={44}
          radius="xl"
          onClick={onPrevious}
          disabled={!hasPrevious}
          aria-label={t.previous}
        >
          <Chevron direction="left" />
        </ActionIcon>
        <Text fw={600} aria-live="polite" aria-atomic="true">
          {t.position(index + 1, count)}
        </Text>
        <ActionIcon
          variant="default"
          size={44}
          radius="xl"
          onClick={onNext}
          disabled={!hasNext}
          aria-label={t.next}
        >
          <Chevron direction="right" />
        </ActionIcon>
      </Group>
      <div
        data-testid="swipe-deck"
        style={{
          touchAction: 'pan-y',
          transform: offset ? `translateX(${offset}px)` : undefined,
          transition: offset ? undefined : 'transform 150ms ease-out',
        }}
        onPointerDown={(event) => {
          if (event.pointerType === 'mouse') return;
          start.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
        }}
        onPointerMove={(event) => {
          const origin = start.current;
          if (!origin || origin.id !== event.pointerId) return;
          const dx = event.clientX - origin.x;
          if (Math.abs(dx) > Math.abs(event.clientY - origin.y)) setOffset(dx * 0.6);
        }}
        onPointerUp={end}
        onPointerCancel={() => {
          start.current = null;
          setOffset(0);
        }}
      >
        {children}
      </div>
    </section>
  );
}
