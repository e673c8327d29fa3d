/**
 * Measures, in a laid-out page, how far each plotly figure reaches beyond its column: the content box of the
 * notebook cell that holds it (or of the page). (The output area's own padding may take a figure's edge: that is
 * still on the page, and not cut off.) The PDF step runs it in the page it prints, and the
 * end-to-end test in the HTML pages, so a figure cut off on paper or on a narrow screen is found, not assumed
 * away.
 */

/** [caption or id, px beyond the column, column width, drawn width] of every figure that does not fit. */
export type Overflow = [string, number, number, number];

/** In-page expression: the figures beyond their column by more than a pixel. */
export const FIGURE_OVERFLOW_JS = `(() => [...document.querySelectorAll('.js-plotly-plot')].map((fig) => {
  const box = fig.closest('.jp-Cell') || document.body;
  const r = box.getBoundingClientRect();
  const s = getComputedStyle(box);
  const left = r.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth);
  const right = r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth);
  const parts = [fig, ...fig.querySelectorAll('svg.main-svg')].map((e) => e.getBoundingClientRect());
  const over = Math.max(0, ...parts.map((p) => Math.max(left - p.left, p.right - right)));
  const caption = fig.closest('figure') && fig.closest('figure').querySelector('.report-caption');
  const name = caption ? caption.textContent : fig.id;
  return [String(name).slice(0, 70), Math.round(over), Math.round(right - left), Math.round(parts[1] ? parts[1].width : 0)];
}).filter((f) => f[1] > 1))()`;
