import { Button, Group, Stack, Text } from '@mantine/core';
import { useRef, useState, type PointerEvent, type MouseEvent } from 'react';
import { fr } from '../i18n/fr.ts';
import classes from './PatternPad.module.css';

export const PATTERN_MIN = 4;
const DOTS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
/** The part of a cell around its dot that catches the pointer: enough for a thumb, small enough to pass between dots diagonally. */
const HIT_RADIUS = 0.36;

interface PatternPadProps {
  /** Called with 4–9 distinct dots (0–8, row by row) in drawing order. */
  onSubmit: (pattern: number[]) => void;
  loading?: boolean;
  disabled?: boolean;
  /** A message about the last attempt (wrong schéma, mismatch), announced to screen readers. */
  error?: string | null;
}

function centre(dot: number): { x: number; y: number } {
  return { x: ((dot % 3) + 0.5) * 100, y: (Math.floor(dot / 3) + 0.5) * 100 };
}

/**
 * The schéma: a 3×3 grid drawn by finger or mouse (pointer events, lifting the finger submits a drawn
 * line of 4 dots or more) or built dot by dot — taps, or Enter/Space on each dot — then "Valider".
 * To start again, the parent remounts it (`key`).
 */
export function PatternPad({ onSubmit, loading = false, disabled = false, error }: PatternPadProps) {
  const gridRef = useRef<HTMLDivElement>(null);
  const pointsRef = useRef<number[]>([]);
  const gestureRef = useRef<{ pointerId: number; added: number } | null>(null);
  const [points, setPoints] = useState<number[]>([]);
  const [cursor, setCursor] = useState<{ x: number; y: number } | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const inactive = disabled || loading;

  const add = (dot: number): boolean => {
    if (pointsRef.current.includes(dot)) return false;
    pointsRef.current = [...pointsRef.current, dot];
    setPoints(pointsRef.current);
    setTooShort(false);
    return true;
  };

  const clear = () => {
    pointsRef.current = [];
    setPoints([]);
    setTooShort(false);
  };

  const submit = () => {
    if (inactive) return;
    if (pointsRef.current.length < PATTERN_MIN) {
      setTooShort(true);
      return;
    }
    onSubmit(pointsRef.current);
  };

  /** Grid coordinates (0–300 on both axes) of a pointer event, and the dot under it if any. */
  const locate = (event: PointerEvent) => {
    const grid = gridRef.current;
    if (!grid) return null;
    const rect = grid.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * 3;
    const y = ((event.clientY - rect.top) / rect.height) * 3;
    const col = Math.floor(x);
    const row = Math.floor(y);
    const inside = col >= 0 && col < 3 && row >= 0 && row < 3;
    const near = inside && Math.hypot(x - (col + 0.5), y - (row + 0.5)) <= HIT_RADIUS;
    return { x: x * 100, y: y * 100, dot: near ? row * 3 + col : null };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (inactive || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const spot = locate(event);
    if (!spot) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    gestureRef.current = { pointerId: event.pointerId, added: 0 };
    if (spot.dot !== null && add(spot.dot)) gestureRef.current.added++;
    setCursor({ x: spot.x, y: spot.y });
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const gesture = gestureRef.current;
    if (gesture?.pointerId !== event.pointerId) return;
    const spot = locate(event);
    if (!spot) return;
    if (spot.dot !== null && add(spot.dot)) gesture.added++;
    setCursor({ x: spot.x, y: spot.y });
  };

  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    const gesture = gestureRef.current;
    if (gesture?.pointerId !== event.pointerId) return;
    gestureRef.current = null;
    setCursor(null);
    // A drawn line ends when the finger lifts; single taps keep adding dots until "Valider".
    if (event.type === 'pointerup' && gesture.added >= 2 && pointsRef.current.length >= PATTERN_MIN) submit();
  };

  /** Keyboard (Enter/Space) and assistive technologies click with detail 0; pointer clicks were handled above. */
  const onDotClick = (dot: number) => (event: MouseEvent<HTMLButtonElement>) => {
    if (event.detail === 0 && !inactive) add(dot);
  };

  const last = points.at(-1);
  const tail = cursor && last !== undefined ? { from: centre(last), to: cursor } : null;
  const message = tooShort ? fr.pattern.tooShort : error;

  return (
    <Stack gap="sm">
      <div
        ref={gridRef}
        className={classes.grid}
        role="group"
        aria-label={fr.pattern.grid}
        data-testid="schema-pad"
        data-disabled={inactive || undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
      >
        <svg className={classes.lines} viewBox="0 0 300 300" aria-hidden="true" focusable="false">
          {points.length > 1 && (
            <polyline
              points={points.map((dot) => `${centre(dot).x},${centre(dot).y}`).join(' ')}
              fill="none"
              stroke="var(--mantine-color-blue-8)"
              strokeWidth={8}
              strokeLinecap="round"
              strokeLinejoin="round"
              opacity={0.75}
            />
          )}
          {tail && (
            <line
              x1={tail.from.x}
              y1={tail.from.y}
              x2={tail.to.x}
              y2={tail.to.y}
              stroke="var(--mantine-color-blue-8)"
              strokeWidth={8}
              strokeLinecap="round"
              opacity={0.4}
            />
          )}
        </svg>
        {DOTS.map((dot) => (
          <button
            key={dot}
            type="button"
            className={classes.dot}
            style={{
              left: `${((dot % 3) + 0.5) * (100 / 3)}%`,
              top: `${(Math.floor(dot / 3) + 0.5) * (100 / 3)}%`,
            }}
            aria-label={fr.pattern.dot(dot + 1)}
            aria-pressed={points.includes(dot)}
            disabled={inactive}
            onClick={onDotClick(dot)}
          />
        ))}
      </div>
      <Text size="sm" c="dimmed" ta="center" aria-live="polite">
        {fr.pattern.linked(points.length)}
      </Text>
      {message && (
        <Text size="sm" c="red.9" ta="center" role="alert" fw={600}>
          {message}
        </Text>
      )}
      <Text size="xs" c="dimmed" ta="center" className={classes.keyboardHint}>
        {fr.pattern.keyboardHint}
      </Text>
      <Group grow gap="sm">
        <Button variant="default" onClick={clear} disabled={inactive || points.length === 0}>
          {fr.pattern.clear}
        </Button>
        <Button onClick={submit} loading={loading} disabled={disabled}>
          {fr.pattern.validate}
        </Button>
      </Group>
    </Stack>
  );
}
