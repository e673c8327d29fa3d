/**
 * The Content-Security-Policy of every report page, as a <meta> at the top of <head>: scripts run only if they
 * are the report's own, no inline event handler and no javascript: URL runs, nothing is embedded, and a Web
 * Worker may start from a Blob URL (the live report's, issue 17).
 */
import { createHash } from "node:crypto";
import { type DefaultTreeAdapterMap, defaultTreeAdapter, html, parse, serialize } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/**
 * THE place that decides which scripts a report page may run. Call it last, on the finished page: every
 * <script> in the page as it stands is allowed, an inline one by the SHA-256 of its text, one with a src by
 * 'self' (a file of the report folder; on file:// pages Chromium counts file: URLs as 'self'); data blocks
 * (<script type="application/json">-like, not run) need nothing. So a script
 * the generator adds to a page before this call (the caption script of report-document.ts, the live report's
 * bootstrap) is allowed without anything else to change. Because it trusts every script present, it must only
 * see HTML whose untrusted parts (notebook outputs and Markdown) went through sanitizePage
 * (report-sanitize.ts) first; cleanPage and the combined document do that.
 */
export function withContentSecurityPolicy(page: string): string {
  const doc = parse(page);
  const hashes = new Set<string>();
  const visit = (node: Node): void => {
    if (!("childNodes" in node)) return;
    if ("tagName" in node && node.tagName === "script" && isInlineJavaScript(node))
      hashes.add(`'sha256-${createHash("sha256").update(scriptText(node)).digest("base64")}'`);
    for (const child of node.childNodes) visit(child);
  };
  visit(doc);
  const root = doc.childNodes.find((n): n is Element => "tagName" in n && n.tagName === "html");
  const head = root?.childNodes.find((n): n is Element => "tagName" in n && n.tagName === "head");
  if (!head) throw new Error("the page has no <head> for its Content-Security-Policy");
  head.childNodes = head.childNodes.filter((n) => !isPolicy(n));
  const meta = defaultTreeAdapter.createElement("meta", html.NS.HTML, [
    { name: "http-equiv", value: "Content-Security-Policy" },
    { name: "content", value: policy([...hashes]) },
  ]);
  meta.parentNode = head;
  head.childNodes.unshift(meta);
  return serialize(doc);
}

/** The policy text for the given script hashes. */
export function policy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self' data: blob:",
    `script-src 'self' ${scriptHashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "worker-src blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function scriptText(el: Element): string {
  return el.childNodes.map((n) => ("value" in n && n.nodeName === "#text" ? n.value : "")).join("");
}

function isPolicy(n: Node): boolean {
  return (
    "tagName" in n &&
    n.tagName === "meta" &&
    n.attrs.some((a) => a.name === "http-equiv" && a.value.toLowerCase() === "content-security-policy")
  );
}

/** An inline script the browser runs: no src, and no type or a JavaScript one (a JSON data block is not run). */
function isInlineJavaScript(el: Element): boolean {
  if (el.attrs.some((a) => a.name === "src")) return false;
  const type =
    el.attrs
      .find((a) => a.name === "type")
      ?.value.trim()
      .toLowerCase() ?? "";
  return type === "" || type === "module" || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
}
