import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Mantine's light/subtle variants write coloured text on a pale background, which falls short of
 * WCAG AA for small text (badges, alerts). Darker text keeps the colour cue and reaches 4.5:1.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle') return result;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const shades = parsed.isThemeColor ? input.theme.colors[parsed.color] : undefined;
  if (!shades) return result;
  const text = darken(shades[9], 0.25);
  return { ...result, color: text, hoverColor: text };
};

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on filled buttons above 4.5:1.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  variantColorResolver,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  components: {
    // 16 px inputs: iOS Safari zooms into anything smaller. No asterisk inside labels: it would become part
    // of the label text ("Nom *"); forms say instead which fields are optional ("(facultatif)").
    TextInput: { defaultProps: { size: 'md', withAsterisk: false } },
    PasswordInput: { defaultProps: { size: 'md', withAsterisk: false } },
    NativeSelect: { defaultProps: { size: 'md', withAsterisk: false } },
    Textarea: { defaultProps: { size: 'md', withAsterisk: false } },
    RadioGroup: { defaultProps: { withAsterisk: false } },
    Button: { defaultProps: { size: 'md' } },
    // Form sections read as headings.
    Fieldset: {
      defaultProps: { variant: 'unstyled' },
      styles: {
        legend: {
          fontWeight: 700,
          fontSize: 'var(--mantine-font-size-lg)',
          marginBottom: 'var(--mantine-spacing-sm)',
          paddingTop: 'var(--mantine-spacing-xs)',
        },
      },
    },
    Modal: { styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // "dimmed" text defaults to gray.6, 3.3:1 on white; gray.7 reads at 7:1.
  // Error text defaults to red.6, 3.6:1 on white; red.9 reads at 5.6:1.
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
