import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { fr } from '../i18n/fr.ts';

/** A password input whose "show" toggle is reachable by keyboard and named for screen readers. */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': fr.common.showTyping, tabIndex: 0 }}
      {...props}
    />
  );
}
