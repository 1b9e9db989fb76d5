import { Affix, Alert, CloseButton, Group, Text, Transition } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { fr } from '../i18n/fr.ts';

type Notify = (message: string) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** Confirms an action where the eye is (bottom of a phone screen), even when the item acted on has left the list. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const notify = useCallback<Notify>((text) => {
    clearTimeout(timer.current);
    setMessage(text);
    timer.current = setTimeout(() => {
      setMessage(null);
    }, 8000);
  }, []);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );

  return (
    <ToastContext.Provider value={notify}>
      {children}
      <Affix position={{ bottom: 16, left: 16, right: 16 }} zIndex={300}>
        <div role="status" aria-live="polite" style={{ maxWidth: '32rem', marginInline: 'auto' }}>
          <Transition mounted={message !== null} transition="slide-up">
            {(styles) => (
              <Alert
                color="teal.9"
                variant="filled"
                style={{ ...styles, boxShadow: 'var(--mantine-shadow-md)' }}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" c="white" fw={500}>
                    {message}
                  </Text>
                  <CloseButton
                    variant="transparent"
                    c="white"
                    aria-label={fr.common.close}
                    onClick={() => {
                      setMessage(null);
                    }}
                  />
                </Group>
              </Alert>
            )}
          </Transition>
        </div>
      </Affix>
    </ToastContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(ToastContext);
}
