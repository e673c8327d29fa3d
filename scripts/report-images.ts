/**
 * Pictures that a notebook's Markdown shows from files beside it (`![diagram](diagram.png)`). nbconvert keeps
 * the relative address, and the report's pages live in the report folder, so the file is copied there, under
 * the same relative path; the executed notebook, in the same folder, finds it too. A picture that cannot come
 * along (missing, outside the notebook's folder, or named like one of the report's own files) is named in a
 * warning instead of leaving a broken-image icon in the PDF without a word.
 */
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];

export interface ImageCopies {
  /** Relative paths copied into the report folder. */
  copied: string[];
  /** One line per picture left out, naming it and why. */
  warnings: string[];
}

/** The relative picture addresses of a page (<img src>), decoded, each once, in page order. */
export function localImages(html: string): string[] {
  const found: string[] = [];
  const visit = (node: Node): void => {
    if ("tagName" in node && node.tagName === "img") {
      const src = node.attrs.find((a) => a.name === "src")?.value.trim() ?? "";
      if (src !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith("#") && !src.startsWith("//")) {
        const file = safeDecode(src.replace(/[?#].*$/, ""));
        if (!found.includes(file)) found.push(file);
      }
    }
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html));
  return found;
}

/**
 * Copies the local pictures of one notebook's page from `notebookDir` into `reportDir`. `reserved` holds the
 * names the report writes itself (its pages, notebooks, plotly.js, PDF, report.json).
 */
export function copyLocalImages(
  html: string,
  notebook: string,
  notebookDir: string,
  reportDir: string,
  reserved: ReadonlySet<string>,
): ImageCopies {
  const copied: string[] = [];
  const warnings: string[] = [];
  for (const src of localImages(html)) {
    const from = path.resolve(notebookDir, src);
    const rel = path.relative(notebookDir, from);
    const left = (why: string): void => {
      warnings.push(`${notebook}: the picture "${src}" ${why}; it is not in the report`);
    };
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel) || path.isAbsolute(src)) {
      left("is outside the notebook's folder");
      continue;
    }
    if (reserved.has(rel.split(path.sep)[0])) {
      left("has the name of one of the report's own files");
      continue;
    }
    const st = statSync(from, { throwIfNoEntry: false });
    if (!st?.isFile()) {
      left(st ? "is not a file" : "is not found beside the notebook");
      continue;
    }
    const to = path.join(reportDir, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(rel);
  }
  return { copied, warnings };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
