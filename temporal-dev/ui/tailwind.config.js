import temporalTheme, { textStyles } from './node_modules/@temporalio/ui/dist/theme/plugin.js';

/** The package's own theme (colours, fonts, the holocene components' classes). */
export default {
  content: ['./src/**/*.{html,svelte,ts,js}', './node_modules/@temporalio/ui/dist/**/*.{svelte,js}'],
  darkMode: 'class',
  plugins: [temporalTheme, textStyles],
};
