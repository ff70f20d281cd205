// Vite's `?url` imports (the pdf.js worker is loaded from its own URL on the app origin).
declare module '*?url' {
  const url: string;
  export default url;
}
