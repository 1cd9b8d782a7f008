// The editor's journey in a real browser: log in, write an article in the
// editor (watching the live preview), schedule it a few seconds ahead, and
// see it appear on the public site once its time has come.
//
//   node tests/browser/admin-journey.mjs [path/to/folio]
//
// Debian's Chromium runs headless (CHROMIUM overrides /usr/bin/chromium).
// Exits non-zero with the reason on the first failed expectation.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, launchChromium, run, startFolio } from "./folio.mjs";

const folio = resolve(process.argv[2] ?? "target/debug/folio");
const artifacts = resolve(process.env.ARTIFACTS ?? "target/browser");
const email = "chief@example.org";
const password = "a long enough passphrase";
const title = "Desalination and the new water diplomacy";

/** `YYYY-MM-DDTHH:MM:SS` in UTC (the site's time zone here). */
function localInput(date) {
  return date.toISOString().slice(0, 19);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "folio-browser-"));
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(dataDir, "folio.toml"), '[site]\ntime_zone = "UTC"\n');
  const added = spawnSync(
    folio,
    ["--data", dataDir, "user", "add", "--email", email, "--role", "admin", "--name", "Chief Editor"],
    { input: `${password}\n`, encoding: "utf8" },
  );
  expect(added.status === 0, `folio user add failed: ${added.stdout}${added.stderr}`);

  const { child, base } = await startFolio(folio, dataDir);
  const browser = await launchChromium();
  const cspViolations = [];
  try {
    const page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
        cspViolations.push(message.text());
      }
    });

    // Log in.
    await page.goto(`${base}/admin`);
    expect(page.url().startsWith(`${base}/admin/login`), `not sent to the login page: ${page.url()}`);
    await page.fill("#email", email);
    await page.fill("#password", "wrong password, first");
    await page.click("button[type=submit]");
    expect(
      (await page.textContent("[role=alert]")).includes("wrong"),
      "a wrong password is reported",
    );
    await page.fill("#password", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("h1:text('Dashboard')");

    // Write an article with the editor, watching the live preview.
    await page.click("a:text('New article')");
    await page.waitForSelector("#article-form");
    await page.fill("#title", title);
    await page.fill("#deck", "Why water is the Gulf's next bargaining chip.");
    await page.fill(
      "#body",
      "Desalination plants now supply most of the Gulf's drinking water.\n\n" +
        "## Why it matters\n\nWhoever builds the plants shapes the *alliances* around them.",
    );
    await page.fill("#authors", "Anna Borshchevskaya");
    await page.check("input[name=topic][value=terrorism]");
    const preview = page.frameLocator("#live-preview");
    await preview.locator("h1.article__title", { hasText: title }).waitFor({ timeout: 10000 });
    expect(
      (await preview.locator(".prose h2").textContent()).includes("Why it matters"),
      "the live preview renders the Markdown as the public page does",
    );
    await page.screenshot({ path: join(artifacts, "editor.png"), fullPage: false });
    await page.click("#article-form button.primary");
    await page.waitForSelector("text=Created as a draft.");
    const editUrl = page.url();

    // Schedule it a few seconds ahead.
    // Whole seconds: the form takes no milliseconds.
    const publishAt = new Date(Math.floor((Date.now() + 6000) / 1000) * 1000);
    await page.fill("#publish_at", localInput(publishAt));
    await page.click("button[value=schedule]");
    await page.waitForSelector("text=Scheduled: it will publish itself");
    expect((await page.textContent(".status")).includes("Scheduled"), "the status shows Scheduled");

    const slug = await page.inputValue("#slug");
    expect(slug.startsWith("desalination"), `the slug was made from the title: ${slug}`);
    const publicUrl = `${base}/policy-analysis/${slug}`;
    const before = await page.request.get(publicUrl);
    expect(before.status() === 404, `visible before its time (${before.status()})`);

    // Wait for the scheduler, then read it as a visitor.
    let status = 0;
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      status = (await page.request.get(publicUrl)).status();
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status === 200, `not published 30 s after its time (last status ${status})`);
    expect(Date.now() >= publishAt.getTime(), "published before its time");
    const reader = await browser.newPage();
    await reader.goto(publicUrl);
    expect((await reader.textContent("h1")) === title, "the public page has the title");
    expect(
      (await reader.textContent(".article__byline")).includes("Anna Borshchevskaya"),
      "the byline names the author",
    );
    await reader.screenshot({ path: join(artifacts, "published.png"), fullPage: false });

    await page.goto(editUrl);
    expect((await page.textContent(".status")).includes("Published"), "the editor shows Published");
    expect(cspViolations.length === 0, `Content-Security-Policy violations: ${cspViolations.join("; ")}`);
    console.log(`ok: logged in, wrote, previewed, scheduled and saw "${title}" published at ${publicUrl}`);
  } finally {
    await browser.close();
    child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
