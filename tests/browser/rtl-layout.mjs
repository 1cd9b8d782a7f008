// An English article and its Arabic version in a real browser, at desktop
// and phone widths: the Arabic page mirrors the English one (byline, title,
// sidebar, header), mixed-direction text keeps its order, Arabic text is
// drawn with an Arabic font from the page's own font stack, and no page
// asks another host for anything. Screenshots go to target/browser/.
//
//   node tests/browser/rtl-layout.mjs [path/to/folio]
//
// Debian's Chromium runs headless (CHROMIUM overrides /usr/bin/chromium).
// Exits non-zero with the reason on the first failed expectation.

import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, launchChromium, run, startFolio } from "./folio.mjs";

const folio = resolve(process.argv[2] ?? "target/debug/folio");
const artifacts = resolve(process.env.ARTIFACTS ?? "target/browser");

/** The demo's seed 002 and its Arabic version. */
const PAGES = {
  en: "/policy-analysis/putin-no-ally-war-terror-2024",
  ar: "/ar/policy-analysis/bwtyn-lys-hlyfa-fy-alhrb-ly-alarhab-am-2024",
};
const WIDTHS = { desktop: 1280, mobile: 390 };
/** CSS pixels two mirrored positions may differ by (sub-pixel rounding). */
const TOLERANCE = 2;

function expectMirrored(ltrLeft, rtlRight, width, what) {
  const mirrored = width - rtlRight;
  expect(
    Math.abs(ltrLeft - mirrored) <= TOLERANCE,
    `${what} does not mirror at ${width} px: starts ${ltrLeft.toFixed(1)} px from the left in English, ` +
      `${mirrored.toFixed(1)} px from the right in Arabic`,
  );
}

/**
 * Where things are on the page, in CSS pixels. Text positions come from
 * the text itself (a Range), not from its block, which spans the column
 * whatever the direction.
 */
function measure() {
  const textBox = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const { left, right, top } = range.getBoundingClientRect();
    return { left, right, top };
  };
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const { left, right, top, width } = element.getBoundingClientRect();
    return { left, right, top, width, text: textBox(element) };
  };
  const syndication = document.querySelector(".article__syndication");
  const labelNode = syndication?.firstChild;
  let label = null;
  if (labelNode && labelNode.nodeType === Node.TEXT_NODE) {
    const range = document.createRange();
    range.selectNodeContents(labelNode);
    const { left, right } = range.getBoundingClientRect();
    label = { left, right };
  }
  const outlet = syndication?.querySelector("cite")?.getBoundingClientRect();
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    viewport: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    title: box(".article__title"),
    byline: box(".article__byline"),
    about: box(".article__about"),
    content: box(".article__content"),
    topics: box(".article__topics"),
    brand: box(".site-brand"),
    languageSwitch: box(".language-switch"),
    syndication: label && outlet ? { label, outlet: { left: outlet.left, right: outlet.right } } : null,
  };
}

/** The fonts Chromium really drew an element's text with (DevTools protocol). */
async function fontsDrawing(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.map((font) => font.familyName);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "folio-rtl-"));
  mkdirSync(artifacts, { recursive: true });
  const { child, base } = await startFolio(folio, dataDir);
  const browser = await launchChromium();
  const foreignRequests = [];
  const ownHost = new URL(base).host;
  try {
    for (const [size, width] of Object.entries(WIDTHS)) {
      const layouts = {};
      for (const [language, path] of Object.entries(PAGES)) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        page.on("request", (request) => {
          const url = new URL(request.url());
          if (url.protocol !== "data:" && url.host !== ownHost) foreignRequests.push(request.url());
        });
        const response = await page.goto(`${base}${path}`, { waitUntil: "load" });
        expect(response.status() === 200, `${path} answered ${response.status()}`);
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({
          path: join(artifacts, `article-${language}-${size}.png`),
          fullPage: true,
        });
        layouts[language] = await page.evaluate(measure);
        if (language === "ar" && size === "desktop") {
          // Drawn with a font the stylesheet names, not the system's
          // last-resort fallback.
          for (const selector of [".article__title", ".prose p", ".article__byline"]) {
            const used = await fontsDrawing(page, selector);
            const stack = await page.$eval(selector, (e) => getComputedStyle(e).fontFamily);
            expect(
              used.length > 0 && used.every((name) => stack.includes(name)),
              `${selector} is drawn with ${used.join(", ")}, not a font of its stack (${stack})`,
            );
            expect(
              used.some((name) => /Arabic|Naskh|Vazirmatn|Amiri/.test(name)),
              `${selector} is drawn with ${used.join(", ")}, which is no Arabic font`,
            );
          }
        }
        await page.close();
      }
      const { en, ar } = layouts;
      expect(en.lang === "en" && en.dir === "ltr", `English page is ${en.lang}/${en.dir}`);
      expect(ar.lang === "ar" && ar.dir === "rtl", `Arabic page is ${ar.lang}/${ar.dir}`);
      for (const layout of [en, ar]) {
        expect(
          layout.scrollWidth <= layout.viewport,
          `the ${layout.lang} page is wider than the screen at ${width} px (${layout.scrollWidth} px)`,
        );
      }
      const w = en.viewport;
      expect(ar.viewport === w, "both pages have the same viewport");

      // Text starts at the start edge: left in English, right in Arabic.
      expectMirrored(en.title.text.left, ar.title.text.right, w, "the title");
      expectMirrored(en.byline.text.left, ar.byline.text.right, w, "the byline");
      expectMirrored(en.brand.left, ar.brand.right, w, "the site's name");
      expect(en.byline.text.left < w / 2, "the English byline starts on the left");
      expect(ar.byline.text.right > w / 2, "the Arabic byline starts on the right");

      if (size === "desktop") {
        // The sidebar (about the authors) beside the text, on the end side.
        expectMirrored(en.about.left, ar.about.right, w, "the sidebar");
        expectMirrored(en.content.left, ar.content.right, w, "the text column");
        expect(en.about.left > en.content.right, "the English sidebar is right of the text");
        expect(ar.about.right < ar.content.left, "the Arabic sidebar is left of the text");
        expect(
          Math.abs(ar.about.top - ar.content.top) <= TOLERANCE,
          "the Arabic sidebar sits beside the text, not below it",
        );
        expect(en.languageSwitch.left > en.brand.right, "the English language switch is right of the name");
        expect(ar.languageSwitch.right < ar.brand.left, "the Arabic language switch is left of the name");
      } else {
        // One column: the sidebar below the header, as wide as the text.
        expect(en.about.top > en.byline.top, "the English sidebar comes after the byline");
        expect(ar.about.top > ar.byline.top, "the Arabic sidebar comes after the byline");
        expectMirrored(en.about.left, ar.about.right, w, "the authors' block");
      }

      // "Also published in 19Forty-Five": the Latin outlet follows the Arabic
      // words, so it sits to their left, not in the middle of the sentence.
      expect(ar.syndication, "the Arabic page says where it was also published");
      expect(
        ar.syndication.outlet.right <= ar.syndication.label.left + TOLERANCE,
        `the outlet is not after the Arabic label (outlet right ${ar.syndication.outlet.right}, label left ${ar.syndication.label.left})`,
      );
      expect(
        en.syndication.outlet.left >= en.syndication.label.right - TOLERANCE,
        "the English outlet follows its label",
      );
      console.log(
        `ok: ${size} (${w} px): title, byline, name, ${size === "desktop" ? "sidebar and text column" : "authors' block"} mirror`,
      );
    }
    expect(foreignRequests.length === 0, `requests to other hosts: ${foreignRequests.join(", ")}`);
    console.log(`ok: screenshots in ${artifacts}/article-{en,ar}-{desktop,mobile}.png; no request left ${ownHost}`);
  } finally {
    await browser.close();
    child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
