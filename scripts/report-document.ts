/**
 * The whole report as ONE HTML document, printed once: a title page, a table of contents, then one section per
 * notebook (each starting on a new page and named for the assignment question it answers), with figures
 * numbered and captioned in report order. One document gives continuous page numbers and PDF bookmarks
 * for every heading.
 */
import { escapeHtml } from "../src/format/escape";
import { type ReportConfig } from "./report-config";
import { PLOTLY_FILE, PRINT_CSS, splitPage } from "./report-html";

export interface ReportSection {
  /** The notebook's cleaned HTML page (cleanPage). */
  html: string;
  title: string;
  /** E.g. "Questions 1–2", or null when the notebook answers no numbered question. */
  question: string | null;
}

export interface TocEntry {
  id: string;
  level: 1 | 2;
  text: string;
}

export interface ReportDocument {
  html: string;
  toc: TocEntry[];
}

/** Layout of the printed report; page breaks only before the contents and before each section. */
const REPORT_CSS = `
body.report { margin: 0; padding: 0; }
.report-title-page { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center;
  font-family: Helvetica, Arial, sans-serif; break-after: page; }
.report-title-page h1.report-title { font-size: 26pt; line-height: 1.25; margin: 0 10mm 14mm; border: 0; }
.report-title-page p { font-size: 14pt; margin: 2mm 0; color: #333; }
.report-title-page .report-date { margin-top: 10mm; color: #555; }
nav.report-toc { font-family: Helvetica, Arial, sans-serif; break-after: page; padding: 0 6mm; }
nav.report-toc h1 { font-size: 18pt; margin: 4mm 0 6mm; }
nav.report-toc ol { list-style: none; margin: 0; padding: 0; }
nav.report-toc li { display: flex; align-items: baseline; margin: 1.2mm 0; font-size: 10.5pt; break-inside: avoid; }
nav.report-toc li.toc-1 { font-weight: bold; margin-top: 4mm; font-size: 11.5pt; }
nav.report-toc li.toc-2 { padding-left: 7mm; }
nav.report-toc a { color: inherit; text-decoration: none; }
nav.report-toc .toc-dots { flex: 1; border-bottom: 1px dotted #999; margin: 0 2mm; min-width: 8mm; transform: translateY(-3px); }
nav.report-toc .toc-page { min-width: 8mm; text-align: right; font-variant-numeric: tabular-nums; }
section.report-section { break-before: page; }
.report-question { color: #0b5394; }
figure.report-figure { margin: 0 0 1em; break-inside: avoid; }
/* JupyterLab's print style keeps every output on one page (break-inside: avoid-page), so a long text output such as
   the closing discussion jumps to the next page and leaves most of a page empty. Text and tables may break; figures
   (above) and table rows may not. Headings stay with what follows them. */
@media print {
  body.report .jp-OutputArea-child { break-inside: auto; }
  body.report tr { break-inside: avoid; }
  body.report h1, body.report h2, body.report h3, body.report h4 { break-after: avoid; }
}
p.report-caption { font: 10pt Helvetica, Arial, sans-serif; color: #333; margin: 0.3em 0 0 0; text-align: center; }
a.anchor-link { display: none; }
/* Chromium drops the space at a soft line break from the bookmark's text ("byautomatic"); pre-wrap keeps it. */
body.report h1, body.report h2, body.report h3, body.report h4 { white-space: pre-wrap; }
@media screen { nav.report-toc .toc-page, nav.report-toc .toc-dots { display: none; } .report-title-page { height: auto; padding: 4em 0 3em; } }
${PRINT_CSS}`;

/**
 * Numbers and captions the figures once they are drawn: a plotly figure's caption is its layout title and
 * subtitle (moved out of the plot into the caption), a picture's is its data-caption or alt text. Then marks the
 * document ready for printing (data-report-ready) and keeps each plotly figure's original layout in
 * reportLayouts, for the static images of the executed notebooks.
 */
const CAPTION_SCRIPT = `<script>(function () {
  var t0 = Date.now();
  function drawn() {
    return Array.prototype.every.call(document.querySelectorAll('.plotly-graph-div'), function (d) {
      return d.querySelector('.main-svg'); });
  }
  function plain(t) { return String(t || '').replace(/<br\\s*\\/?>/gi, ' ').replace(/<[^>]*>/g, '').replace(/\\s+/g, ' ').trim(); }
  function run() {
    if (!drawn() && Date.now() - t0 < 30000) return setTimeout(run, 100);
    var n = 0, pending = [];
    window.reportLayouts = {};
    document.querySelectorAll('section.report-section .plotly-graph-div, section.report-section img.backprop-lab-svg').forEach(function (el) {
      n += 1;
      var text = '';
      if (el.classList.contains('plotly-graph-div')) {
        var t = el.layout && el.layout.title;
        var sub = t && typeof t === 'object' && t.subtitle ? plain(t.subtitle.text) : '';
        text = plain(typeof t === 'string' ? t : t && t.text);
        window.reportLayouts[el.id] = JSON.parse(JSON.stringify(el.layout || {}));
        if (text && window.Plotly && el.querySelector('.main-svg')) {
          // The title (and subtitle) move into the caption; the top margin and the figure shrink by the room they
          // took, so the plot area keeps its size and the figure fits more often on the rest of a page.
          var top = el.layout.margin && typeof el.layout.margin.t === 'number' ? el.layout.margin.t : 100;
          var newTop = Math.max(24, top - (sub ? 51 : 31));
          var change = { 'title.text': '', 'margin.t': newTop };
          if (typeof el.layout.height === 'number') {
            change.height = el.layout.height - (top - newTop);
            el.style.height = change.height + 'px';
          }
          if (sub) change['title.subtitle.text'] = '';
          pending.push(window.Plotly.relayout(el, change));
        }
        if (sub) text += ' — ' + sub;
      } else {
        text = plain(el.getAttribute('data-caption') || el.getAttribute('alt'));
        if (text === 'diagram') text = '';
      }
      var fig = document.createElement('figure');
      fig.className = 'report-figure';
      el.parentNode.insertBefore(fig, el);
      fig.appendChild(el);
      var cap = document.createElement('p');
      cap.className = 'report-caption';
      cap.textContent = 'Figure ' + n + (text ? '. ' + text : '.');
      fig.appendChild(cap);
    });
    Promise.all(pending).then(function () {
      document.documentElement.setAttribute('data-report-figures', String(n));
      document.documentElement.setAttribute('data-report-ready', drawn() ? 'yes' : 'partly');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run); else run();
})();</script>`;

export function buildDocument(config: ReportConfig, sections: readonly ReportSection[]): ReportDocument {
  if (sections.length === 0) throw new Error("buildDocument: no sections");
  const first = splitPage(sections[0].html);
  const head = first.head.replace(new RegExp(`<script src="${PLOTLY_FILE}"></script>`, "g"), "");
  const toc: TocEntry[] = [];
  const bodies = sections.map((s, k) => {
    const { body } = splitPage(s.html);
    return section(s, k + 1, body, toc);
  });
  const titlePage =
    `<div class="report-title-page"><h1 class="report-title" id="report-title">${escapeHtml(config.title)}</h1>` +
    (config.author ? `<p class="report-author">${escapeHtml(config.author)}</p>` : "") +
    (config.course ? `<p class="report-course">${escapeHtml(config.course)}</p>` : "") +
    `<p class="report-date">${escapeHtml(config.date)}</p></div>`;
  const tocHtml =
    '<nav class="report-toc"><h1 id="report-contents">Contents</h1><ol>' +
    toc
      .map(
        (e) =>
          `<li class="toc-${e.level}"><a href="#${e.id}">${escapeHtml(e.text)}</a>` +
          `<span class="toc-dots"></span><span class="toc-page" data-for="${e.id}">00</span></li>`,
      )
      .join("") +
    "</ol></nav>";
  const html =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(config.title)}</title>` +
    `${head}<style>${REPORT_CSS}</style><script src="${PLOTLY_FILE}"></script>${CAPTION_SCRIPT}</head>` +
    `<body${first.bodyAttributes.replace(/\sclass="/, ' class="report ')}>${titlePage}${tocHtml}${bodies.join("\n")}</body></html>`;
  return { html, toc };
}

/** One notebook's body as a section: its first h1 names the question; h1/h2 get ids and go into the contents. */
function section(s: ReportSection, k: number, body: string, toc: TocEntry[]): string {
  let html = body.replace(/<a class="anchor-link"[^>]*>[^<]*<\/a>/g, "");
  let j = 0;
  let sawH1 = false;
  html = html.replace(/<h([12])([^>]*)>([\s\S]*?)<\/h\1>/g, (_m, lvl: string, attrs: string, inner: string) => {
    const id = `s${k}-h${++j}`;
    const rest = attrs.replace(/\sid="[^"]*"/, "");
    let content = inner;
    let level: 1 | 2 = lvl === "1" ? 1 : 2;
    if (level === 1 && !sawH1) {
      sawH1 = true;
      content = heading(s, inner);
    } else if (level === 1) level = 2; // a notebook's further h1s are parts of its section
    toc.push({ id, level, text: textOf(content) });
    return `<h${lvl}${rest} id="${id}">${content}</h${lvl}>`;
  });
  if (!sawH1) {
    const id = `s${k}-h0`;
    const content = heading(s, escapeHtml(s.title));
    const at = toc.findIndex((e) => e.id.startsWith(`s${k}-`));
    toc.splice(at < 0 ? toc.length : at, 0, { id, level: 1, text: textOf(content) });
    html = `<h1 id="${id}">${content}</h1>${html}`;
  }
  return `<section class="report-section" id="section-${k}">${html}</section>`;
}

/** The section's h1 content: the question (if any), then the notebook's title, e.g. "Question 3 · Training …". */
function heading(s: ReportSection, original: string): string {
  if (s.question === null) return original;
  return `<span class="report-question">${escapeHtml(s.question)} ·</span> ${escapeHtml(s.title)}`;
}

/** Visible text of an HTML fragment (MathJax SVG left out: it has no text). */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<mjx-container[\s\S]*?<\/mjx-container>/g, "…")
      .replace(/<[^>]*>/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}
