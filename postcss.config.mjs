// Tailwind CSS 4 runs as a PostCSS plugin in Next's build; app/globals.css holds its design tokens.
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
