// End-to-end test of the web page in headless Chromium (Debian's package),
// driven by playwright-core. Starts `oversight serve --port 0`, fills the
// form as a staffer would, and checks what the page shows. Screenshots go
// to target/browser/ as test artefacts.
//
// Usage: (from the repository root, after `cargo build --locked`)
//   npm --prefix tests/browser ci && node tests/browser/page.test.mjs
// Environment: OVERSIGHT_BIN (default target/debug/oversight),
//              CHROMIUM (default /usr/bin/chromium).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.OVERSIGHT_BIN || join(root, "target/debug/oversight");
const artefacts = join(root, "target/browser");
mkdirSync(artefacts, { recursive: true });

function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ["serve", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 30000);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
}

const results = [];
async function step(name, body) {
  try {
    await body();
    results.push(`ok   ${name}`);
  } catch (error) {
    results.push(`FAIL ${name}\n${error.stack}`);
    throw error;
  }
}

const yes = (page, fact) => page.check(`#fact-${fact} input[value="true"]`);
const no = (page, fact) => page.check(`#fact-${fact} input[value="false"]`);

async function covertFinding(page) {
  await page.fill("#title", "Covert action finding: support through a liaison service");
  for (const fact of ["influences_conditions_abroad", "us_role_hidden", "finding_approved"]) {
    await yes(page, fact);
  }
  for (const fact of ["primary_purpose_intelligence", "traditional_diplomatic_or_military",
    "traditional_law_enforcement", "routine_support_to_overt_activity",
    "clandestine_military_cyber_operation", "oral_emergency_finding", "access_limited",
    "prior_notice_withheld"]) {
    await no(page, fact);
  }
  await page.fill("#e-approval", "2025-03-12T10:00");
  await page.fill("#e-initiation", "2025-03-20T09:00");
}

const { child, url } = await startServer();
const profile = mkdtempSync(join(tmpdir(), "oversight-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const external = [];
context.on("request", (request) => {
  if (!request.url().startsWith(url) && !request.url().startsWith("blob:")) external.push(request.url());
});

try {
  const page = context.pages()[0] || await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await step("the form is built from the vocabulary", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.locator("fieldset.fact").count(), 60);
    assert.equal(await page.locator("input[data-proposal]").count(), 5);
    // Every question starts as "don't know".
    assert.equal(await page.locator('#fact-us_role_hidden input[value=""]').isChecked(), true);
    await page.waitForSelector("#status:has-text('As of')");
  });

  await step("a covert-action finding goes to SSCI and HPSCI before initiation", async () => {
    await covertFinding(page);
    for (const body of ["ssci", "hpsci"]) {
      const row = page.locator(`#bodies tr[data-body="${body}"]`);
      await row.waitFor();
      await assert.doesNotReject(row.locator("td", { hasText: "before 2025-03-20 09:00 EDT" }).waitFor());
      const text = await row.innerText();
      assert.match(text, /REQUIRED/);
      // The Code citations: one from a "NSA §503(c)(1), 50 U.S.C. 3093(c)(1)" pair, one bare.
      assert.match(text, /(^|\s)50 U\.S\.C\. 3093\(c\)\(1\);/);
      assert.match(text, /(^|\s)50 U\.S\.C\. 3091a\(b\)/);
      // A notice that turns on facts not given says so, even under a REQUIRED body.
      assert.match(text, /50 U\.S\.C\. 3093\(d\)\(1\) \(depends\);/);
    }
    const notice = page.locator('article[data-rule="3093-c-1"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /50 U\.S\.C\. 3093\(c\)\(1\)/);
    assert.match(await notice.innerText(), /before 2025-03-20 09:00 EDT/);
    await page.screenshot({ path: join(artefacts, "covert-finding.png"), fullPage: false });
    // The picture in the README: the top of the page with the results beside the form.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artefacts, "page.png"), fullPage: false });
  });

  await step("a line is explained on demand", async () => {
    await page.click('button[data-explain="3093-c-1"]');
    const box = page.locator('article[data-rule="3093-c-1"] pre.explanation');
    await box.locator("text=derivation:").waitFor();
    assert.match(await box.innerText(), /as of 2025-03-12 \(earliest event\): REQUIRED/);
    assert.equal(await page.getAttribute('button[data-explain="3093-c-1"]', "aria-expanded"), "true");
  });

  await step("the action downloads as RON that names what was entered", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-ron")]);
    assert.equal(download.suggestedFilename(), "action.ron");
    const text = readFileSync(await download.path(), "utf8");
    assert.match(text, /"us_role_hidden": true,/);
    assert.match(text, /"initiation": "2025-03-20T09:00",/);
  });

  await step("an open question, chosen by keyboard, moves focus to its field", async () => {
    await page.check('#fact-us_role_hidden input[value=""]');
    const question = page.locator('button[data-question="us_role_hidden"]');
    await question.waitFor();
    await question.focus();
    await page.keyboard.press("Enter");
    const focused = await page.evaluate(() => document.activeElement.closest(".fact")?.dataset.fact);
    assert.equal(focused, "us_role_hidden");
    await page.keyboard.press("ArrowRight"); // radios: "Don't know" -> "Yes"
    assert.equal(await page.locator('#fact-us_role_hidden input[value="true"]').isChecked(), true);
    await page.locator('button[data-question="us_role_hidden"]').waitFor({ state: "detached" });
  });

  await step("ticking the REL TO proposal on a REL TO action adds its notice", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#title", "Add FRA to the REL TO marking of a finished product");
    await page.fill("#as_of", "2026-11-20");
    await page.selectOption("#f-sharing_channel", "rel_to_marking");
    await page.selectOption("#f-rel_to_change", "country_added");
    await page.fill("#f-recipient_country", "FRA");
    await yes(page, "intelligence_activity");
    await page.waitForSelector("#status:has-text('As of 2026-11-20')");
    assert.equal(await page.locator('article[data-rule="rel-to-d-1"]').count(), 0);
    await page.check("#p-rel-to-reporting");
    const notice = page.locator('article[data-rule="rel-to-d-1"]');
    await notice.waitFor();
    const text = await notice.innerText();
    assert.match(text, /From proposal: rel-to-reporting/);
    assert.match(text, /Tell: SSCI, HPSCI/);
    const change = page.locator('li[data-change="rel-to-d-1"]');
    await change.waitFor();
    assert.match(await change.innerText(), /^gained: rel-to-d-1/);
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artefacts, "rel-to-proposal.png"), fullPage: false });
  });

  await step("at 200% zoom the page is one column with no sideways scrolling", async () => {
    await page.setViewportSize({ width: 640, height: 900 }); // 1280 px at 200%
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    const [form, results] = await Promise.all(["#action-form", "#results"].map((s) =>
      page.locator(s).boundingBox()));
    assert.ok(results.y >= form.y + form.height - 1, "results sit below the form");
    await page.screenshot({ path: join(artefacts, "zoom-200.png"), fullPage: false });
  });

  await step("a malformed value shows the command line's message", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill("#f-recipient_country", "XYZ");
    const error = page.locator("#error");
    await error.waitFor();
    assert.match(await error.innerText(), /action\.ron:\d+:\d+: unknown country code `XYZ`/);
  });

  await step("nothing was fetched from anywhere but the server, and no script error", async () => {
    assert.deepEqual(external, []);
    assert.deepEqual(pageErrors, []);
  });
} finally {
  console.log(results.join("\n"));
  await context.close();
  child.kill();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser test passed; screenshots in ${artefacts}`);
