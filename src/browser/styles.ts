/**
 * The control panel's look. Added as a constructed style sheet rather than a <style> element, so that a
 * Content-Security-Policy without 'unsafe-inline' styles still lets it apply. Hidden in print: the PDF shows
 * the notebook's figure only.
 */
export const LIVE_CSS = `
.bl-live-panel { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0.4em 0 1.2em;
  padding: 0.6em 0.8em; border: 1px solid #c8d3e0; border-radius: 6px; background: #f6f9fc; color: #1d2733; }
.bl-live-panel h3 { font-size: 13px; margin: 0 0 0.5em; }
.bl-live-fields { display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: flex-start; }
.bl-live-field { display: flex; flex-direction: column; gap: 2px; }
.bl-live-field input, .bl-live-field select { font: inherit; width: 7.5em; padding: 2px 4px; }
.bl-live-field input[aria-invalid="true"] { border-color: #b00020; outline-color: #b00020; }
.bl-live-error { color: #b00020; font-size: 12px; min-height: 1em; }
.bl-live-actions { display: flex; gap: 0.6em; margin-top: 0.5em; flex-wrap: wrap; }
.bl-live-actions button { font: inherit; padding: 3px 10px; }
.bl-live-status, .bl-live-check { margin: 0.4em 0 0; }
.bl-live-check[data-result="identical"] { color: #0a6b2d; font-weight: 600; }
.bl-live-check[data-result="different"] { color: #b00020; font-weight: 600; }
.bl-live-note { margin: 0.4em 0 0; color: #52606d; font-size: 12px; }
@media print { .bl-live-panel { display: none !important; } }
`;

export function addLiveStyles(doc: Document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(LIVE_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
