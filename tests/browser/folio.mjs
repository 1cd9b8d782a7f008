// What every browser test needs: expectations that stop the run with a
// reason, a Folio server on a free port, and Debian's headless Chromium.

import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

export function expect(condition, message) {
  if (!condition) fail(message);
}

/**
 * `folio serve` on a data directory (`--demo`: with the sample pages, unless
 * `demo` is false); resolves to its address.
 */
export function startFolio(folio, dataDir, { demo = true } = {}) {
  const args = ["--data", dataDir, "serve", ...(demo ? ["--demo"] : []), "--addr", "127.0.0.1:0"];
  const child = spawn(folio, args, {
    env: { ...process.env, FOLIO_LOG: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolveAddress, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`folio did not start:\n${seen}`)), 30000);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolveAddress({ child, base: match[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`folio exited with ${code}:\n${seen}`)));
  });
}

/** Headless Chromium (CHROMIUM overrides /usr/bin/chromium), offline. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs a test's main function; any error fails the run. */
export function run(main) {
  main().catch((error) => {
    if (!process.exitCode) console.error(error);
    process.exitCode = 1;
  });
}
