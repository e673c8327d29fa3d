/**
 * The hand-in as ONE HTML document, printed once: a title page; "the answers at a glance" (each question's
 * answer cells, with the page its section starts on); the main body, one section per question (notebooks
 * answering the same question share one), each starting on a new page; then the appendix, the evidence a
 * grader may skip (cells tagged "appendix", and every notebook that answers no question). Figures are numbered
 * and captioned in document order. One document gives continuous page numbers and PDF bookmarks for every
 * heading.
 */
import { escapeHtml } from "../src/format/escape";
import { type ReportConfig } from "./report-config";
import { type HandInParts, hasContent } from "./report-parts";
import { PLOTLY_FILE, PRINT_CSS } from "./report-html";

export interface ReportSection {
  /** The notebook's hand-in page, cut into its parts (report-parts.ts). */
  parts: HandInParts;
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
  /** Every h1 and h2, for the page numbers (pdf.ts places each on its printed page). */
  toc: TocEntry[];
  /** Per notebook, the id of the heading its main-body part comes under (null: appendix only). */
  mainHeadings: (string | null)[];
  /** The id of the appendix's heading, or null when nothing went there. */
  appendixHeading: string | null;
  /** Per notebook, the id of its heading in the appendix (null: nothing of it there). */
  appendixHeadings: (string | null)[];
  /** The id of the heading of "the answers at a glance". */
  glanceHeading: string;
  /** The id of the heading of each question's section, in order, with the question. */
  questions: { question: string; id: string }[];
}

/** Layout of the printed hand-in; page breaks after the title page and the answers, and before each section. */
const REPORT_CSS = `
body.report { margin: 0; padding: 0; }
.report-title-page { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center;
  font-family: Helvetica, Arial, sans-serif; break-after: page; }
.report-title-page h1.report-title { font-size: 26pt; line-height: 1.25; margin: 0 10mm 14mm; border: 0; }
.report-title-page p { font-size: 14pt; margin: 2mm 0; color: #333; }
.report-title-page .report-date { margin-top: 10mm; color: #555; }
.report-glance { font-family: Helvetica, Arial, sans-serif; break-after: page; }
.report-glance h1 { font-size: 18pt; margin: 2mm 0 5mm; }
.report-glance h2.glance-title { font-size: 12.5pt; margin: 5mm 0 1mm; color: #0b5394; border: 0; }
.report-glance .jp-OutputArea-output, .report-glance .jp-RenderedMarkdown { font-size: 10.5pt; }
.report-glance p.glance-ref { font-size: 10pt; color: #444; margin: 1mm 0 0; }
.report-glance p.glance-appendix { margin-top: 6mm; }
.report-appendix-note { font-style: italic; color: #444; }
/* The appendix's own headings sit outside any notebook cell: give them the notebooks' heading style. */
section.report-appendix > h1, section.report-appendix > h2 { font-family: var(--jp-content-font-family); font-weight: 500;
  color: var(--jp-content-font-color1); padding: 0 4px; }
section.report-appendix > h1 { font-size: 21px; margin: 0 0 6px; }
section.report-appendix > h2 { font-size: 18px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; }
.report-appendix-note { font-family: var(--jp-content-font-family); font-size: 12px; padding: 0 4px; }
/* Denser than a notebook on screen: the hand-in is read on paper, and every page counts. */
body.report { --jp-content-font-size1: 13px; --jp-content-line-height: 1.45; --jp-code-font-size: 11.5px; }
body.report .jp-RenderedHTMLCommon h1 { font-size: 21px; margin: 0 0 10px; }
body.report .jp-RenderedHTMLCommon h2 { font-size: 17px; margin: 14px 0 6px; }
body.report .jp-RenderedHTMLCommon h3 { font-size: 14.5px; margin: 12px 0 4px; }
body.report .jp-RenderedHTMLCommon p { margin-bottom: 6px; }
body.report .jp-Cell { padding: 2px 4px; }
/* Code listings that a cell prints (a line of the library's source under an equation) are code too: shown only with
   --show-code, like the cells' own code. */
body.report:not(.show-code) .jp-OutputArea-output .highlight { display: none; }
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
@media screen { .print-only { display: none; } .report-title-page { height: auto; padding: 4em 0 3em; } }
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
          // A relayout of the height fixes the width too (plotly turns autosize off): give it back, so the
          // figure still follows its column (a scrollbar, a narrower window, the print layout).
          pending.push(window.Plotly.relayout(el, change).then(function () {
            delete el.layout.width;
            el.layout.autosize = true;
          }));
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

/**
 * A notebook's part of the document, marked with its place in the list of notebooks (1-based), so that the PDF step
 * can name the notebook of a figure that does not draw (pdf.ts) wherever the tags sent its cells.
 */
function inNotebook(index: number, html: string): string {
  return `<div class="report-notebook" data-notebook="${index + 1}">${html}</div>`;
}

export function buildDocument(config: ReportConfig, head: string, sections: readonly ReportSection[]): ReportDocument {
  if (sections.length === 0) throw new Error("buildDocument: no sections");
  const toc: TocEntry[] = [];
  const headings = new Headings(toc);
  const glanceHeading = headings.add(1, "The answers at a glance");

  // The main body: consecutive notebooks that answer the same question make one section.
  const groups: { question: string; members: number[] }[] = [];
  sections.forEach((s, i) => {
    if (s.question === null || !hasContent(s.parts.main)) return;
    const last = groups[groups.length - 1];
    if (last && last.question === s.question && last.members[last.members.length - 1] === i - 1) last.members.push(i);
    else groups.push({ question: s.question, members: [i] });
  });
  const mainHeadings: (string | null)[] = sections.map(() => null);
  const questions: { question: string; id: string }[] = [];
  const body = groups.map((g, k) => {
    const html = g.members
      .map((i, j) => {
        const s = sections[i];
        const title = `<span class="report-question">${escapeHtml(s.question ?? "")} ·</span> ${escapeHtml(s.title)}`;
        // The first notebook's first h1 names the section; a later notebook's becomes a part of it.
        const { html: part, first } = headings.number(s.parts.main, j === 0 ? title : escapeHtml(s.title), j === 0);
        mainHeadings[i] = first;
        return inNotebook(i, part);
      })
      .join("\n");
    questions.push({ question: g.question, id: mainHeadings[g.members[0]] as string });
    return `<section class="report-section" id="section-${k + 1}">${html}</section>`;
  });

  // The appendix: each notebook's appendix part under a heading of its own.
  const withAppendix = sections.map((_s, i) => i).filter((i) => hasContent(sections[i].parts.appendix));
  let appendix = "";
  let appendixHeading: string | null = null;
  const appendixHeadings: (string | null)[] = sections.map(() => null);
  if (withAppendix.length > 0) {
    appendixHeading = headings.add(1, "Appendix: the evidence");
    const parts = withAppendix.map((i, k) => {
      const s = sections[i];
      const letter = String.fromCharCode(65 + k);
      const name = `${letter} · ${s.question ? `${s.question}: ` : ""}${s.title}`;
      const id = headings.add(2, name);
      appendixHeadings[i] = id;
      return `<h2 id="${id}">${escapeHtml(name)}</h2>${inNotebook(i, headings.demote(s.parts.appendix))}`;
    });
    appendix =
      `<section class="report-section report-appendix"><h1 id="${appendixHeading}">Appendix: the evidence</h1>` +
      '<p class="report-appendix-note">What the main body rests on: the checks, the experiments behind each ' +
      `verdict, and what goes beyond the assignment. A reader of the answers may skip it.</p>${parts.join("\n")}</section>`;
  }

  const titlePage =
    `<div class="report-title-page"><h1 class="report-title" id="report-title">${escapeHtml(config.title)}</h1>` +
    (config.author ? `<p class="report-author">${escapeHtml(config.author)}</p>` : "") +
    (config.course ? `<p class="report-course">${escapeHtml(config.course)}</p>` : "") +
    `<p class="report-date">${escapeHtml(config.date)}</p></div>`;
  const glance =
    `<section class="report-glance"><h1 id="${glanceHeading}">The answers at a glance</h1>` +
    groups
      .map(
        (g, k) =>
          `<div class="glance-question"><h2 class="glance-title">${escapeHtml(g.question)}</h2>` +
          g.members.map((i) => sections[i].parts.answers).join("") +
          `<p class="glance-ref">Argued in <a href="#${questions[k].id}">section ${k + 1}</a>` +
          `<span class="print-only">, page ${pageRef(questions[k].id)}</span>.</p></div>`,
      )
      .join("") +
    (appendixHeading
      ? `<p class="glance-ref glance-appendix">The evidence behind these answers is in the <a href="#${appendixHeading}">appendix</a>` +
        `<span class="print-only">, from page ${pageRef(appendixHeading)}</span>.</p>`
      : "") +
    "</section>";
  const defs = sections.map((s) => s.parts.defs).join("");
  const html =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(config.title)}</title>` +
    `${head}<style>${REPORT_CSS}</style><script src="${PLOTLY_FILE}"></script>${CAPTION_SCRIPT}</head>` +
    `<body class="jp-Notebook report${config.showCode ? " show-code" : ""}" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">` +
    `${titlePage}${glance}${body.join("\n")}${appendix}${defs}</body></html>`;
  return { html, toc, mainHeadings, appendixHeading, appendixHeadings, glanceHeading, questions };
}

/** A page number that pdf.ts fills in after a first printing; two digits' room until then. */
function pageRef(id: string): string {
  return `<span class="toc-page" data-for="${id}">00</span>`;
}

/** Gives headings ids in document order and lists every h1 and h2 in the contents (for pages and bookmarks). */
class Headings {
  private n = 0;
  constructor(private readonly toc: TocEntry[]) {}

  add(level: 1 | 2, text: string): string {
    const id = `h${++this.n}`;
    this.toc.push({ id, level, text: textOf(text) });
    return id;
  }

  /**
   * A notebook part's headings numbered: its first h1 (if `titleIt`, or any first h1 otherwise) shows
   * `title` at level 1 when `asH1`, else level 2; further h1s become h2s. Without an h1, one is added.
   */
  number(part: string, title: string, asH1: boolean): { html: string; first: string } {
    let first: string | null = null;
    let html = part.replace(/<a class="anchor-link"[^>]*>[^<]*<\/a>/g, "");
    html = html.replace(/<h([12])([^>]*)>([\s\S]*?)<\/h\1>/g, (_m, lvl: string, attrs: string, inner: string) => {
      const rest = attrs.replace(/\sid="[^"]*"/, "");
      let level: 1 | 2 = lvl === "1" ? 1 : 2;
      let content = inner;
      if (level === 1 && first === null) {
        content = title;
        level = asH1 ? 1 : 2;
      } else if (level === 1) level = 2;
      const id = this.add(level, content);
      if (first === null && content === title) first = id;
      return `<h${level}${rest} id="${id}">${content}</h${level}>`;
    });
    if (first === null) {
      const level = asH1 ? 1 : 2;
      first = this.add(level, title);
      html = `<h${level} id="${first}">${title}</h${level}>${html}`;
    }
    return { html, first };
  }

  /** An appendix part: its headings one level down (h1, h2 → h3), so they sit under the appendix's h2. */
  demote(part: string): string {
    return part
      .replace(/<a class="anchor-link"[^>]*>[^<]*<\/a>/g, "")
      .replace(
        /<h([12])([^>]*)>([\s\S]*?)<\/h\1>/g,
        (_m, _l: string, attrs: string, inner: string) => `<h3${attrs}>${inner}</h3>`,
      );
  }
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
