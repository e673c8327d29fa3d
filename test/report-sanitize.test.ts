/**
 * The exported pages run no script but the project's own: the sanitiser keeps a figure script only when it is
 * exactly what figureScript makes of its own data, and takes out every other script, handler, javascript: URL
 * and embedding element while keeping the text; the Content-Security-Policy lists exactly the page's scripts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { parse } from "parse5";
import { figureHtml, figureScript } from "../src/notebook/plotly-html";
import { type Figure } from "../src/plot/figure";
import { sanitizePage } from "../scripts/report-sanitize";
import { policy, withContentSecurityPolicy } from "../scripts/report-csp";

const fig: Figure = {
  data: [{ type: "scatter", x: [0, 1], y: [1, 0], name: "</script><script>alert(1)</script>" }],
  layout: { title: { text: "A <b>title</b>" }, height: 300 },
  config: {},
} as unknown as Figure;

const page = (body: string, head = ""): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

/** Every element of a page as [tag, attributes]. */
function elements(html: string): [string, Record<string, string>][] {
  const out: [string, Record<string, string>][] = [];
  const walk = (n: unknown): void => {
    const node = n as { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] };
    if (node.tagName) out.push([node.tagName, Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value]))]);
    for (const c of node.childNodes ?? []) walk(c);
  };
  walk(parse(html));
  return out;
}

test("hostile markup: scripts, handlers, javascript: and data:text URLs, frames and refreshes go; text stays", () => {
  const hostile = [
    "<p>before <img src=x onerror=alert(7)> after</p>",
    "<script>window.__pwned=1</script>",
    '<script src="evil.js"></script>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href=" java\tscript:alert(1)">spaced</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<svg onload="alert(1)"><a xlink:href="javascript:alert(2)"><text>svg text</text></a>' +
      '<animate attributeName="href" values="javascript:alert(3)"/><script>alert(4)</script></svg>',
    '<svg><style><img src=x onerror="alert(5)"></style></svg>',
    '<iframe srcdoc="<script>alert(6)</script>"></iframe><object data="x.swf"></object><embed src="x">',
    '<form action="javascript:alert(8)"><button formaction="javascript:alert(9)">go</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(10)">',
  ].join("");
  const r = sanitizePage(
    page(hostile, '<meta http-equiv="refresh" content="0;url=javascript:alert(11)"><base href="http://evil/">'),
  );
  const els = elements(r.html);
  const tags = els.map(([t]) => t.toLowerCase());
  for (const t of ["script", "iframe", "object", "embed", "animate", "base"])
    assert.ok(!tags.includes(t), `<${t}> left`);
  assert.ok(!els.some(([t, a]) => t === "meta" && "http-equiv" in a), "meta http-equiv left");
  for (const [t, a] of els)
    for (const [name, value] of Object.entries(a)) {
      assert.ok(!/^on/i.test(name), `<${t} ${name}> left`);
      assert.doesNotMatch(
        // eslint-disable-next-line no-control-regex
        value.replace(/[\s\u0000-\u001f]/g, ""),
        /^(javascript|vbscript|data:text)/i,
        `<${t} ${name}="${value}">`,
      );
    }
  const body = r.html.replace(/<[^>]*>/g, "");
  for (const t of ["before", "after", "link", "spaced", "svg text", "go"])
    assert.ok(body.includes(t), `text "${t}" kept`);
  assert.equal(r.figures, 0);
});

test("the project's figure script is kept; one with code added, or with code for data, is not", () => {
  const good = figureHtml(fig, "blfig-abc");
  const script = figureScript(fig, "blfig-abc");
  const tampered = `<div id="x"></div><script>${script}alert(1);</script>`;
  const codeAsData = `<script>${script.replace(/var fig=\{/, "var fig=(alert(1),{").replace(",t0=", "),t0=")}</script>`;
  const r = sanitizePage(page(good + tampered + codeAsData));
  assert.equal(r.figures, 1);
  const scripts = [...r.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [script]);
});

test("allowed pictures and links stay: data:image in <img>, relative files, anchors, web links", () => {
  const img = '<img src="data:image/svg+xml;base64,PHN2Zy8+"><img src="diagram.png"><a href="#s1">in page</a>';
  const r = sanitizePage(page(img + '<a href="https://example.org">web</a>'));
  const els = elements(r.html);
  assert.deepEqual(
    els.filter(([t]) => t === "img" || t === "a").map(([, a]) => a.src ?? a.href),
    ["data:image/svg+xml;base64,PHN2Zy8+", "diagram.png", "#s1", "https://example.org"],
  );
});

test("the policy: first in <head>, every inline script by its hash, files by 'self', no handlers, workers from blob:", () => {
  const scripts = ["window.a = 1;", "window.b = '</p>';"];
  const html = withContentSecurityPolicy(
    page(
      `<script>${scripts[1]}</script>`,
      `<meta http-equiv="Content-Security-Policy" content="script-src *"><script src="plotly.min.js"></script><script>${scripts[0]}</script>`,
    ),
  );
  const metas = elements(html).filter(([t, a]) => t === "meta" && a["http-equiv"] === "Content-Security-Policy");
  assert.equal(metas.length, 1, "one policy: the page's earlier one is replaced");
  assert.match(html, /<head><meta http-equiv="Content-Security-Policy"/, "before any script");
  const hashes = scripts.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`);
  const content = metas[0][1].content;
  const scriptSrc =
    content
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? "";
  assert.deepEqual(scriptSrc.split(" ").slice(1).sort(), ["'self'", ...hashes].sort());
  assert.doesNotMatch(content, /unsafe-inline'?[^;]*;?\s*$|script-src[^;]*unsafe/, "no unsafe-inline for scripts");
  assert.match(content, /worker-src blob:/);
  assert.match(content, /object-src 'none'/);
  assert.equal(policy([]).includes("script-src 'self';"), true);
});
