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
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

// What the page must show is what the command line says for the same action
// file: the legal outcomes are never written into this test, so a change to
// the rules lands by editing .ron files alone.
const scratch = mkdtempSync(join(tmpdir(), "oversight-page-"));
function cli(ronText, args) {
  const file = join(scratch, "action.ron");
  writeFileSync(file, ronText);
  return execFileSync(binary, args.map((a) => (a === "ACTION" ? file : a)), {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}
const checkJson = (ronText, extra = []) => JSON.parse(cli(ronText, ["check", "ACTION", "--format", "json", ...extra]));
// The U.S. Code part of a dual citation, as the page shows it.
const codeCitation = (citation) => (citation.match(/(\d+ U\.S\.C\. .*)$/) || [null, citation])[1];

async function downloadedRon(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-ron")]);
  assert.equal(download.suggestedFilename(), "action.ron");
  return readFileSync(await download.path(), "utf8");
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
    const vocabulary = await (await fetch(`${url}api/vocabulary`)).json();
    assert.ok(vocabulary.facts.length > 0 && vocabulary.proposals.length > 0);
    assert.equal(await page.locator("fieldset.fact").count(), vocabulary.facts.length);
    assert.equal(await page.locator("input[data-proposal]").count(), vocabulary.proposals.length);
    // Every question starts as "don't know".
    assert.equal(await page.locator('#fact-us_role_hidden input[value=""]').isChecked(), true);
    await page.waitForSelector("#status:has-text('As of')");
  });

  // Filled in below; the explanation step explains its first required notice.
  let covert = null;
  let covertRon = "";

  await step("a covert-action finding shows each body the command line names, with its deadline", async () => {
    await covertFinding(page);
    await page.waitForSelector("#bodies tr[data-body]");
    covertRon = await downloadedRon(page);
    assert.match(covertRon, /"us_role_hidden": true,/);
    assert.match(covertRon, /"initiation": "2025-03-20T09:00",/);
    covert = checkJson(covertRon);
    // The bottom line comes first and says what the command line's summary says.
    // The calendar download is the command line's calendar.
    const [ics] = await Promise.all([page.waitForEvent("download"), page.click("#download-ics")]);
    assert.equal(ics.suggestedFilename(), "deadlines.ics");
    assert.equal(readFileSync(await ics.path(), "utf8"), cli(covertRon, ["check", "ACTION", "--format", "ics"]));
    const counts = `${covert.summary.required} obligation${covert.summary.required === 1 ? "" : "s"} required · ${covert.summary.depends} depend on open facts`;
    await page.waitForFunction((text) => document.querySelector("#bottom-line li")?.textContent === text, counts);
    const bottom = await page.locator("#bottom-line li").allInnerTexts();
    assert.ok(bottom[1].startsWith(`Tell now: ${covert.summary.tell[0].names} (`), bottom[1]);
    const required = covert.bodies.filter((b) => b.required && b.earliest_due);
    assert.ok(required.length > 0, "the example must owe a dated notice to some body");
    for (const body of required) {
      const row = page.locator(`#bodies tr[data-body="${body.id}"]`);
      await row.waitFor();
      await assert.doesNotReject(row.locator("td", { hasText: body.earliest_due }).waitFor());
      const text = await row.innerText();
      assert.match(text, /REQUIRED/);
      for (const obligation of body.obligations) {
        const outcome = covert.outcomes.find((o) => o.rule === obligation.rule);
        const cite = codeCitation(outcome.citation);
        // A notice that turns on facts not given says so, even under a REQUIRED body.
        const shown = obligation.status === "depends" ? `${cite} (depends)` : cite;
        assert.ok(text.includes(shown), `${body.id}: "${shown}" not in "${text}"`);
      }
    }
    for (const outcome of covert.outcomes.filter((o) => o.status === "required" && o.to.length > 0)) {
      const notice = page.locator(`article[data-rule="${outcome.rule}"]`);
      await notice.waitFor();
      const text = await notice.innerText();
      assert.ok(text.includes(codeCitation(outcome.citation)), text);
      if (outcome.deadline?.due_text) assert.ok(text.includes(outcome.deadline.due_text), text);
    }
    await page.screenshot({ path: join(artefacts, "covert-finding.png"), fullPage: false });
    // The picture in the README: the top of the page with the results beside the form.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artefacts, "page.png"), fullPage: false });
  });

  await step("a line is explained on demand, as `oversight explain` explains it", async () => {
    const rule = covert.outcomes.find((o) => o.status === "required" && o.to.length > 0).rule;
    await page.click(`button[data-explain="${rule}"]`);
    const box = page.locator(`article[data-rule="${rule}"] pre.explanation`);
    await box.locator("text=derivation:").waitFor();
    const expected = cli(covertRon, ["explain", "ACTION", "--rule", rule]);
    assert.equal((await box.innerText()).trim(), expected.trim());
    assert.equal(await page.getAttribute(`button[data-explain="${rule}"]`, "aria-expanded"), "true");
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
    const ron = await downloadedRon(page);
    const diff = JSON.parse(cli(ron, ["diff", "--with", "rel-to-reporting", "ACTION", "--format", "json"]));
    const gained = diff.scenarios.flatMap((s) => s.changes).filter((c) => c.change === "gained");
    assert.ok(gained.length > 0, "the example must be one the proposal changes");
    const amended = checkJson(ron, ["--with", "rel-to-reporting"]);
    const first = gained[0].rule;
    assert.equal(await page.locator(`article[data-rule="${first}"]`).count(), 0);
    await page.check("#p-rel-to-reporting");
    const notice = page.locator(`article[data-rule="${first}"]`);
    await notice.waitFor();
    const text = await notice.innerText();
    assert.match(text, /From proposal: rel-to-reporting/);
    const shortNames = amended.outcomes
      .find((o) => o.rule === first)
      .to.map((id) => amended.bodies.find((b) => b.id === id).short);
    assert.ok(text.includes(`Tell: ${shortNames.join(", ")}`), text);
    const change = page.locator(`li[data-change="${first}"]`);
    await change.waitFor();
    assert.ok((await change.innerText()).startsWith(`gained: ${first}`));
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artefacts, "rel-to-proposal.png"), fullPage: false });
  });

  await step("a notice whose law is not encoded for its date says so and asks for a check by hand", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#title", "New controlled access program compartment, December 2022");
    await yes(page, "intelligence_activity");
    await yes(page, "establishes_controlled_access_program");
    await page.fill("#e-establishment", "2022-12-22T10:00");
    await page.waitForSelector("#status:has-text('not encoded')");
    const ron = await downloadedRon(page);
    const assessment = checkJson(ron);
    const unencoded = assessment.outcomes.filter((o) => o.status === "not_encoded" && o.to.length > 0);
    assert.ok(unencoded.length > 0, "the example must have a notice not encoded for its date");
    for (const outcome of unencoded) {
      const text = await page.locator(`article[data-rule="${outcome.rule}"]`).innerText();
      assert.match(text, /NOT ENCODED/);
      assert.ok(text.includes(`the law of ${outcome.reason.judged_at} is not encoded`), text);
    }
    for (const body of assessment.bodies.filter((b) => b.obligations.every((o) => o.status === "not_encoded"))) {
      const row = await page.locator(`#bodies tr[data-body="${body.id}"]`).innerText();
      assert.match(row, /NOT ENCODED/);
    }
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
    assert.match(
      await error.innerText(),
      /error\[oversight::country::unknown\]: action\.ron:\d+:\d+\s+× unknown country `XYZ`/,
    );
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
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`browser test passed; screenshots in ${artefacts}`);
