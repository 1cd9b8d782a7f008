// A reader's journey through the public site in a real browser, then every
// page type checked for accessibility, layout and privacy:
//
//   1. home → a topic (and its second page) → an article (copy its link)
//      → its expert → another article → search with a facet → the Arabic
//      version, asserting what a reader sees at each step;
//   2. the keyboard alone reaches every link and control of the home and
//      article pages, each with a visible focus ring, the skip link first;
//   3. every page type at 320, 390 and 1280 px: nothing wider than the
//      screen; screenshots at 390 and 1280 px in target/browser/reader/;
//   4. axe-core (from node_modules, injected by the test) on every page
//      type in the light and the dark colour scheme: no violation of
//      "serious" or "critical" impact;
//   5. the article printed (print media, and a PDF beside the screenshots):
//      its address and citation, no navigation;
//   6. no page asks any other host for anything.
//
//   node tests/browser/reader-journey.mjs [path/to/folio]
//
// The site is the test fixtures' archive (seeds, translations, Arabic and
// Persian versions, partial pages, a small archive) with three pieces to a
// page, so listings have page numbers, and a theme directory holding a logo
// (`[site] logo`). A second theme file breaks one page type on purpose
// (programs), so the real server answers a real 500 page.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, launchChromium, run, startFolio } from "./folio.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const folio = resolve(process.argv[2] ?? "target/debug/folio");
const artifacts = resolve(process.env.ARTIFACTS ?? "target/browser", "reader");
const AXE = join(here, "node_modules/axe-core/axe.min.js");

const FIXTURES = ["seeds", "translations", "languages", "partial", "archive"].map((d) =>
  join(root, "fixtures/pages", d),
);
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="6" fill="#8c1d22"/><path d="M12 36V12h22v5H18v5h13v5H18v9z" fill="#fff"/></svg>\n`;

/** Sets up the data directory: configuration, theme, imported archive. */
function prepareSite(dataDir) {
  mkdirSync(join(dataDir, "theme/static"), { recursive: true });
  mkdirSync(join(dataDir, "theme/templates"), { recursive: true });
  writeFileSync(join(dataDir, "theme/static/logo.svg"), LOGO);
  // A template that fails while rendering: program pages answer 500.
  writeFileSync(
    join(dataDir, "theme/templates/program.html"),
    `{% extends "base.html" %}{% block main %}{{ path('no-such-page-kind') }}{% endblock %}\n`,
  );
  writeFileSync(
    join(dataDir, "folio.toml"),
    `[site]\nname = "The Institute for Policy Analysis"\ntheme_dir = "theme"\nlogo = "logo.svg"\nper_page = 3\n`,
  );
  const imported = spawnSync(folio, ["--data", dataDir, "import", ...FIXTURES], {
    encoding: "utf8",
  });
  expect(imported.status === 0, `import failed:\n${imported.stdout}\n${imported.stderr}`);
}

const WIDTHS = [390, 1280];

/** An element's text as written (not as styled: labels are upper-cased). */
async function text(page, selector) {
  return (await page.locator(selector).first().textContent()).replace(/\s+/g, " ").trim();
}

async function crumbs(page) {
  return page.$$eval(".breadcrumbs li", (items) => items.map((li) => li.innerText.trim()));
}

/** Step 1: the journey. Returns the pages it met, for the sweep. */
async function journey(context, base) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const go = async (action) => {
    await Promise.all([page.waitForLoadState("load"), action]);
    expect(page.url().startsWith(base), `left the site for ${page.url()}`);
  };

  // Home: the institute's name and logo, the lead piece, sections by type,
  // the experts.
  let response = await page.goto(`${base}/`);
  expect(response.status() === 200, `home answered ${response.status()}`);
  expect(
    (await text(page, ".site-brand__name")) === "The Institute for Policy Analysis",
    "the header names the institute from folio.toml",
  );
  const logo = await page.$eval(".site-brand__logo", (img) => ({
    src: img.getAttribute("src"),
    loaded: img.complete && img.naturalWidth > 0,
    alt: img.getAttribute("alt"),
  }));
  expect(logo.loaded && logo.src.startsWith("/assets/logo"), `the logo is served by the site (${logo.src})`);
  expect(logo.alt === "", "the logo is decorative beside the name it stands for");
  expect(
    (await text(page, ".lead__title")) === "Iran’s Nuclear Advance and the Limits of Diplomacy" ||
      (await page.locator(".lead__title").count()) === 1,
    "home leads with one piece",
  );
  const typeHeadings = await page.$$eval(".home__type h2", (hs) => hs.map((h) => h.innerText.trim()));
  expect(typeHeadings.length >= 2, `home shows the latest by type (${typeHeadings.join(", ")})`);
  expect(typeHeadings.includes("Articles & Testimony"), `a section for Articles & Testimony (${typeHeadings})`);
  const featured = await page.$$eval(".home__experts .expert-card__name", (e) => e.map((x) => x.innerText.trim()));
  expect(featured.includes("Anna Borshchevskaya"), `featured experts: ${featured.join(", ")}`);
  const nav = await page.$$eval(".site-nav a", (links) => links.map((a) => a.innerText.trim()));
  for (const item of ["Experts", "Topics", "Regions & Countries", "Search"]) {
    expect(nav.includes(item), `the header links to ${item} (${nav.join(", ")})`);
  }
  expect((await page.locator(".language-switch a").count()) === 3, "the header switches between three languages");
  console.log(`ok: home: logo, lead, ${typeHeadings.length} types, ${featured.length} experts`);

  // A topic, by its link on the home page; its pages are numbered.
  await go(page.locator(".home__aside a", { hasText: "Terrorism" }).first().click());
  expect(new URL(page.url()).pathname === "/policy-analysis/terrorism", `topic at ${page.url()}`);
  expect((await text(page, "h1")) === "Terrorism", "the topic page is titled Terrorism");
  expect(
    JSON.stringify(await crumbs(page)) === JSON.stringify(["Home", "Topics", "Terrorism"]),
    `topic breadcrumbs: ${await crumbs(page)}`,
  );
  expect((await page.locator(".results__list > li").count()) === 3, "three pieces on the topic's first page");
  expect((await text(page, ".pagination__status")) === "Page 1 of 2", "the topic has two pages");
  await go(page.locator(".pagination a", { hasText: /^2$/ }).click());
  expect(new URL(page.url()).pathname === "/policy-analysis/terrorism/page/2", `page 2 at ${page.url()}`);
  expect(
    (await page.locator('.pagination a[aria-current="page"]').innerText()).trim() === "2",
    "page 2 is marked current",
  );
  const onPage2 = await page.$$eval(".results__list .card__title", (t) => t.map((x) => x.innerText.trim()));
  expect(onPage2.includes("Russia's Questionable Counterterrorism Record"), `page 2 lists ${onPage2}`);
  console.log("ok: topic: breadcrumbs, three a page, page numbers");

  // The oldest piece on the topic.
  await go(page.locator(".card__title a", { hasText: "Russia's Questionable Counterterrorism Record" }).click());
  const articleUrl = page.url();
  expect((await text(page, "h1")) === "Russia's Questionable Counterterrorism Record", "the article's title");
  expect((await text(page, ".article__byline")) === "by Anna Borshchevskaya", "the byline");
  expect((await text(page, ".article__date")) === "Nov 23, 2017", "the date");
  expect(
    (await text(page, ".article__deck")).startsWith("Moscow's actions suggest"),
    "the deck, a heading under the title",
  );
  const articleCrumbs = await crumbs(page);
  expect(
    articleCrumbs[0] === "Home" && articleCrumbs[1] === "Analysis" && articleCrumbs.at(-1).startsWith("Russia"),
    `article breadcrumbs: ${articleCrumbs}`,
  );
  const more = await page.$$eval("#more-from-expert ~ ul a", (a) => a.map((x) => x.innerText.trim()));
  expect(
    (await text(page, "#more-from-expert")) === "More from Anna Borshchevskaya" &&
      more.some((t) => t.startsWith("Putin Is No Ally")),
    `more from the expert: ${more}`,
  );
  expect(!more.includes("Russia's Questionable Counterterrorism Record"), "the article is not in its own list");
  const moreOn = await page.$$eval("#more-on-topic ~ ul a", (a) => a.map((x) => x.innerText.trim()));
  expect(moreOn.length >= 1, `more on the first topic: ${moreOn}`);
  // Copy link: the page's address on the clipboard, said in a live region.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.locator(".share__copy").click();
  await page.waitForFunction(() => document.querySelector(".share__status").textContent !== "");
  expect((await text(page, ".share__status")) === "Link copied", "copying says so");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.endsWith(new URL(articleUrl).pathname), `copied ${copied}`);
  expect(page.url() === articleUrl, "copying does not navigate");
  const shares = await page.$$eval(".share__links a", (a) => a.map((x) => x.getAttribute("href")));
  expect(
    shares.some((h) => h.startsWith("mailto:?subject=")) && shares.every((h) => !h.includes("javascript:")),
    `share links: ${shares}`,
  );
  console.log("ok: article: title, byline, date, deck, breadcrumbs, more lists, copy link");

  // Its expert, from the byline.
  await go(page.locator(".article__byline a", { hasText: "Anna Borshchevskaya" }).click());
  expect(new URL(page.url()).pathname === "/experts/anna-borshchevskaya", `expert at ${page.url()}`);
  expect((await text(page, "h1")) === "Anna Borshchevskaya", "the expert's name");
  expect((await text(page, ".expert__bio")).includes("senior fellow"), "the expert's bio");
  expect(
    JSON.stringify(await crumbs(page)) === JSON.stringify(["Home", "Experts", "Anna Borshchevskaya"]),
    `expert breadcrumbs: ${await crumbs(page)}`,
  );
  console.log("ok: expert: name, bio, breadcrumbs, analysis");

  // Another article of hers.
  await go(page.locator(".results__list .card__title a", { hasText: "Putin Is No Ally" }).click());
  expect((await text(page, "h1")) === "Putin Is No Ally in the War on Terror in 2024", "the second article");
  expect((await text(page, ".article__syndication")).includes("19Forty-Five"), "also published in 19Forty-Five");
  const secondArticle = page.url();
  console.log("ok: second article");

  // Search from the header, then narrow by a facet.
  await page.fill("#site-search-q", "Russia");
  await go(page.locator(".site-search button").click());
  expect(new URL(page.url()).pathname === "/search", `search at ${page.url()}`);
  expect((await text(page, "h1")) === "Results for “Russia”", `search heading: ${await text(page, "h1")}`);
  const before = await page.locator(".results__list > li").count();
  const countText = await text(page, ".listing__count");
  expect(before >= 2, `several results for Russia (${countText})`);
  const year = page.locator("#facet-year ~ ul a", { hasText: "2024" }).first();
  await go(year.click());
  expect(new URL(page.url()).searchParams.get("year") === "2024", `facet in the address: ${page.url()}`);
  const active = await page.$$eval(".active-filters a", (a) => a.map((x) => x.innerText.trim()));
  expect(active.some((a) => a.startsWith("2024")), `the active filter shows: ${active}`);
  const dates = await page.$$eval(".results__list time", (t) => t.map((x) => x.getAttribute("datetime")));
  expect(dates.length >= 1 && dates.every((d) => d.startsWith("2024")), `every result is from 2024: ${dates}`);
  console.log(`ok: search: ${countText}, then ${dates.length} from 2024`);

  // The second article in Arabic, from the language switch.
  await page.goto(secondArticle);
  await go(page.locator(".language-switch a[hreflang=ar]").click());
  const { lang, dir } = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));
  expect(lang === "ar" && dir === "rtl", `the Arabic page is ${lang}/${dir}`);
  expect(/[\u0600-\u06FF]/.test(await text(page, "h1")), "the Arabic title is in Arabic");
  expect((await crumbs(page))[0] === "الرئيسية", `Arabic breadcrumbs: ${await crumbs(page)}`);
  expect((await text(page, ".share__copy")) === "انسخ الرابط", "the copy button speaks Arabic");
  const arabicArticle = page.url();
  console.log("ok: Arabic article: lang, dir, title, breadcrumbs");
  await page.close();
  return { article: articleUrl, secondArticle, arabicArticle };
}

/** Step 2: Tab through a page; every visible control is reached, with a ring. */
async function keyboard(context, url, name) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  const focusable = await page.$$eval(
    "a[href], button, input:not([type=hidden]), select, summary",
    (elements) =>
      elements.filter((e) => {
        const box = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
      }).length,
  );
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement.className);
  expect(first === "skip-link", `the first Tab on ${name} reaches the skip link (${first})`);
  const skip = await page.$eval(".skip-link", (e) => e.getBoundingClientRect().top >= 0);
  expect(skip, "the skip link shows when focused");
  const reached = new Set();
  const unringed = [];
  for (let i = 0; i < focusable + 20; i++) {
    const seen = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const ring =
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
      if (!e.dataset.seen) e.dataset.seen = String(Math.random());
      return { id: e.dataset.seen, ring, what: `${e.tagName} ${e.textContent.trim().slice(0, 40)}` };
    });
    if (seen) {
      if (reached.has(seen.id)) break;
      reached.add(seen.id);
      if (!seen.ring) unringed.push(seen.what);
    }
    await page.keyboard.press("Tab");
  }
  expect(unringed.length === 0, `focus without a visible ring on ${name}: ${unringed.join("; ")}`);
  // The skip link and the links the page shows (the skip link is hidden
  // until focused, so it was not counted).
  expect(reached.size >= focusable, `Tab reached ${reached.size} of ${focusable} controls on ${name}`);
  // The skip link moves focus to the main content.
  await page.keyboard.press("Shift+Tab");
  await page.goto(url);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const target = await page.evaluate(() => document.activeElement.id);
  expect(target === "main", `the skip link moves focus to the main content (${target})`);
  console.log(`ok: keyboard on ${name}: ${reached.size} controls, each with a focus ring; skip link works`);
  await page.close();
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "folio-reader-"));
  mkdirSync(artifacts, { recursive: true });
  prepareSite(dataDir);
  const { child, base } = await startFolio(folio, dataDir, { demo: false });
  const browser = await launchChromium();
  const ownHost = new URL(base).host;
  const foreign = [];
  const watch = (context) =>
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol !== "data:" && url.host !== ownHost) foreign.push(request.url());
    });
  const violations = [];
  let axeRuns = 0;
  try {
    const context = await browser.newContext();
    watch(context);
    const met = await journey(context, base);
    await keyboard(context, `${base}/`, "the home page");
    await keyboard(context, met.article, "an article");

    // Every page type. Topic, region and type pages are found by their
    // index pages' first links.
    const firstLink = async (path) => {
      const page = await context.newPage();
      await page.goto(`${base}${path}`);
      const href = await page.$eval(".term-list a", (a) => a.getAttribute("href"));
      await page.close();
      return href;
    };
    const pages = {
      home: "/",
      article: new URL(met.article).pathname,
      "article-ar": new URL(met.arabicArticle).pathname,
      expert: "/experts/anna-borshchevskaya",
      experts: "/experts",
      topic: "/policy-analysis/terrorism",
      region: await firstLink("/regions"),
      type: await firstLink("/types"),
      topics: "/topics",
      analysis: "/policy-analysis",
      search: "/search?q=hezbollah&topic=terrorism",
      "search-empty": "/search?q=zzzzqqq",
      "not-found": "/no-such-page",
      "server-error": await firstLink("/programs"),
    };
    const expected = { "not-found": 404, "server-error": 500 };
    for (const [name, path] of Object.entries(pages)) {
      for (const width of [320, ...WIDTHS]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        const response = await page.goto(`${base}${path}`, { waitUntil: "load" });
        const status = expected[name] ?? 200;
        expect(response.status() === status, `${name} (${path}) answered ${response.status()}, not ${status}`);
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(scroll <= client, `${name} is wider than a ${width} px screen (${scroll} px)`);
        if (width !== 320) {
          await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
        }
        await page.close();
      }
      // axe-core in both colour schemes. Injecting it needs the page's CSP
      // set aside (the site itself never runs inline script).
      for (const colorScheme of ["light", "dark"]) {
        const axeContext = await browser.newContext({ colorScheme, bypassCSP: true });
        watch(axeContext);
        const page = await axeContext.newPage();
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${base}${path}`, { waitUntil: "load" });
        if (colorScheme === "dark") {
          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const [r, g, b] = background.match(/\d+/g).map(Number);
          expect(r + g + b < 150, `${name} is dark in the dark scheme (${background})`);
        }
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() =>
          window.axe.run(document, {
            runOnly: {
              type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
          }),
        );
        axeRuns++;
        for (const v of result.violations) {
          violations.push({ page: name, colorScheme, id: v.id, impact: v.impact, nodes: v.nodes.length,
            target: v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ") });
        }
        await axeContext.close();
      }
      console.log(`ok: ${name} (${path}): 320/390/1280 px fit, screenshots, axe light+dark`);
    }

    // Printing an article: its address and one citation, no navigation.
    const printed = await context.newPage();
    await printed.goto(met.article);
    await printed.emulateMedia({ media: "print" });
    const print = await printed.evaluate(() => {
      const shown = (s) => {
        const e = document.querySelector(s);
        return !!e && getComputedStyle(e).display !== "none";
      };
      return {
        url: shown(".article__print-url") ? document.querySelector(".article__print-url").innerText : null,
        header: shown(".site-header"),
        share: shown(".share"),
        more: shown(".article__more"),
        cite: shown(".cite dd"),
        citeStyles: [...document.querySelectorAll(".cite dd")].filter((e) => getComputedStyle(e).display !== "none")
          .length,
      };
    });
    expect(print.url && print.url.includes(new URL(met.article).pathname), `print shows the address: ${print.url}`);
    expect(!print.header && !print.share && !print.more, "print leaves out the header, sharing and more lists");
    expect(print.cite && print.citeStyles === 1, `print keeps one citation (${print.citeStyles})`);
    await printed.pdf({ path: join(artifacts, "article-print.pdf"), format: "A4" });
    await printed.close();
    console.log("ok: print: address, one citation, no navigation (article-print.pdf)");

    const summary = {};
    for (const v of violations) summary[v.impact] = (summary[v.impact] ?? 0) + 1;
    for (const v of violations) {
      console.log(`axe ${v.impact}: ${v.id} on ${v.page} (${v.colorScheme}), ${v.nodes} nodes: ${v.target}`);
    }
    const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      blocking.length === 0,
      `axe found ${blocking.length} serious or critical violations: ${blocking.map((v) => `${v.id}@${v.page}/${v.colorScheme}`).join(", ")}`,
    );
    console.log(
      `ok: axe-core ran ${axeRuns} times (${Object.keys(pages).length} page types × light, dark): ` +
        `0 serious or critical; others: ${JSON.stringify(summary)}`,
    );
    expect(foreign.length === 0, `requests to other hosts: ${foreign.join(", ")}`);
    console.log(`ok: no request left ${ownHost}; screenshots in ${artifacts}/{page}-{390,1280}.png`);
  } finally {
    await browser.close();
    child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
