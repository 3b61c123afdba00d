// End-to-end test of the web page in headless Chromium (Debian's package),
// driven by playwright-core. Starts `oversight serve --port 0` and walks the
// page as three staffers would (issue 23): a covert-action finding from a
// blank page, a pause of sharing with Ukraine, and a colleague's action file
// opened. It counts their steps, runs axe-core's WCAG 2.2 AA checks, checks
// reflow at 320 px and the print output, and compares every legal claim on
// the page with what the command line says for the same action file.
// Screenshots and page.pdf go to target/browser/ as test artefacts.
//
// Usage: (from the repository root, after `cargo build --locked`)
//   npm --prefix tests/browser ci && node tests/browser/page.test.mjs
// Needs Debian's chromium and poppler-utils (pdftotext reads page.pdf back).
// Environment: OVERSIGHT_BIN (default target/debug/oversight),
//              CHROMIUM (default /usr/bin/chromium).

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.env.OVERSIGHT_BIN || join(root, "target/debug/oversight");
const artefacts = join(root, "target/browser");
mkdirSync(artefacts, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

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
// file: legal outcomes are never written into this test, so a change to the
// rules lands by editing .ron files alone.
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
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const plainDates = (text) => text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g,
  (_, y, m, d) => `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`);
const toCongress = (o) => o.to.length > 0 && (o.kind === "notice" || o.kind === "duty");
const andList = (items) => (items.length <= 1 ? items.join("")
  : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

const { child, url } = await startServer();
const profile = mkdtempSync(join(tmpdir(), "oversight-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  // axe-core is injected by the test; the page's own policy forbids scripts
  // from anywhere else, as it should.
  bypassCSP: true,
  viewport: { width: 1280, height: 800 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const external = [];
context.on("request", (request) => {
  if (!request.url().startsWith(url) && !request.url().startsWith("blob:") && !request.url().startsWith("data:")) {
    external.push(request.url());
  }
});

const page = context.pages()[0] || await context.newPage();
const pageErrors = [];
page.on("pageerror", (error) => pageErrors.push(error.message));
// A 400 is how the API answers a mistake, and the page shows it: the
// browser's console line about it is expected, any other error is not.
page.on("console", (message) => {
  if (message.type() === "error" && !message.text().includes("status of 400")) pageErrors.push(message.text());
});
let assessRequests = 0;
page.on("request", (r) => { if (r.url().endsWith("/api/assess")) assessRequests += 1; });

// Waits until the page has its answer for the latest change.
async function settle() {
  await page.waitForSelector("body[data-ready]:not([data-pending])", { state: "attached" });
}

// "Start again…", then "Clear everything": a blank page, as a new visitor sees it.
async function startAgain() {
  await page.click("#reset");
  await page.click("#reset-yes");
  await settle();
}

// One person's journey: every click, fill or file chosen is a step.
function journey() {
  const counter = { steps: 0 };
  counter.act = async (action) => {
    counter.steps += 1;
    await action();
    await settle();
  };
  return counter;
}

const questionKey = () => page.locator("#interview").getAttribute("data-question");
const bottomLineText = () => page.locator("#bottom-line").innerText();

async function blankPage() {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await settle();
}

async function downloaded(selector, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  assert.equal(download.suggestedFilename(), name);
  return readFileSync(await download.path());
}
const downloadedRon = async () => (await downloaded("#download-ron", "action.ron")).toString("utf8");

async function runAxe(label) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
  });
  assert.deepEqual(found, [], `axe-core, ${label}`);
}

const stepCounts = {};

try {
  await step("a blank page asks the kind of action first and assumes nothing", async () => {
    await blankPage();
    assert.equal(await page.locator("#interview h3").innerText(), "What kind of action is this?");
    assert.equal(await page.locator("#interview button[data-kind]").count(), 6);
    assert.match(await bottomLineText(), /Answer the questions to see who must be told\./);
    assert.equal(await page.locator("#notices article").count(), 0, "no notice before any answer");
    assert.equal(await page.locator("#may-apply[open]").count(), 0, "what may apply starts folded");
    assert.equal(await page.locator("#all-questions").isHidden(), true, "one question at a time first");
    await runAxe("blank page");
  });

  let covertRon = "";
  await step("journey 1: a covert-action finding, answered in at most 12 steps from a blank page", async () => {
    const j = journey();
    await j.act(() => page.click('button[data-kind="covert"]'));
    assert.equal(await page.locator("#interview h3").innerText(), "Is this a covert action as the statute defines it?");
    await j.act(() => page.click('#interview button[data-answer="yes"]'));
    // Answer what is asked until SSCI and HPSCI must be told before initiation.
    const answers = { prior_notice_withheld: "false", access_limited: "false", oral_emergency_finding: "false" };
    while (!(await bottomLineText()).includes("SSCI and HPSCI: report of the finding")
      || !(await bottomLineText()).includes("Mar 2025")) {
      assert.ok(j.steps <= 12, `still not answered after ${j.steps} steps: ${await bottomLineText()}`);
      const key = await questionKey();
      if (key === "event:initiation") {
        await j.act(() => page.fill("#i-event-date", "2025-03-20"));
        await j.act(() => page.fill("#i-event-time", "09:00"));
        await j.act(() => page.click("#interview button.next"));
      } else if (key === "event:approval") {
        await j.act(() => page.fill("#i-event-date", "2025-03-12"));
        await j.act(() => page.fill("#i-event-time", "10:00"));
        await j.act(() => page.click("#interview button.next"));
      } else if (key.startsWith("fact:") && answers[key.slice(5)]) {
        await j.act(() => page.click(`#interview button[data-answer="${answers[key.slice(5)]}"]`));
      } else {
        throw new Error(`unexpected question ${key}`);
      }
    }
    stepCounts.covert = j.steps;
    assert.ok(j.steps <= 12, `${j.steps} steps`);
    // Every required notice to Congress the command line names is in the
    // bottom line, with its deadline in plain dates.
    covertRon = await downloadedRon();
    const covert = checkJson(covertRon);
    const required = covert.outcomes.filter((o) => toCongress(o) && o.status === "required");
    assert.ok(required.some((o) => o.rule === "3093-c-1"), "the finding report is owed");
    for (const o of required) {
      const line = await page.locator(`#bottom-line li[data-rule="${o.rule}"]`).innerText();
      const bodies = o.to.map((id) => covert.bodies.find((b) => b.id === id).short);
      assert.ok(line.startsWith(`${andList(bodies)}:`), line);
      if (o.deadline?.due_text) assert.ok(line.includes(plainDates(o.deadline.due_text)), `${line} / ${o.deadline.due_text}`);
    }
    // REQUIRED before DEPENDS: the first notice card is a required one.
    assert.match(await page.locator("#notices article").first().innerText(), /^Required/);
    // No ids or citations unless asked for.
    assert.equal(await page.locator("#bottom-line .cite").first().isVisible(), false);
    assert.equal(await page.locator("#bottom-line .id").first().isVisible(), false);
    await page.check("#show-citations");
    assert.ok((await page.locator('#bottom-line li[data-rule="3093-c-1"] .cite').innerText()).includes("50 U.S.C. 3093(c)(1)"));
    await page.uncheck("#show-citations");
    // The live region says the bottom line.
    assert.ok((await page.locator("#status").textContent()).startsWith("Tell now: SSCI and HPSCI: report of the finding"));
    // No rule id (3093-c-1, 130f-a) or fact name (us_role_hidden) is shown
    // while both toggles are off.
    const shownText = await page.evaluate(() =>
      [document.querySelector("#interview"), document.querySelector("#output")].map((n) => n.innerText).join("\n"));
    const leaks = shownText.match(/\b\d{2,4}[a-z]?-[a-z0-9]+(-[a-z0-9]+)*\b|\b[a-z]+_[a-z_]+\b/g);
    assert.equal(leaks, null, `ids shown: ${leaks}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artefacts, "interview-1280x800.png") });
  });

  await step("each question says why it is asked, with its citation, and Back returns to the last one", async () => {
    const key = await questionKey();
    assert.ok(key.startsWith("fact:") || key.startsWith("event:"), key);
    await page.click("#interview .why-asking summary");
    const why = await page.locator("#interview .why-asking").innerText();
    assert.match(why, /Under \d+ U\.S\.C\./);
    const before = await page.locator("#interview h3").innerText();
    await page.click("#back");
    await settle();
    assert.notEqual(await page.locator("#interview h3").innerText(), before);
    const pressed = await page.locator('#interview [aria-pressed="true"]').count();
    const dated = await page.locator("#interview input[type=date]").count()
      ? await page.locator("#interview input[type=date]").first().inputValue() : "";
    assert.ok(pressed === 1 || dated !== "", "the earlier answer is shown");
  });

  await step("“Why?” gives the answers a notice turned on, and the full reasoning of `oversight explain`", async () => {
    await page.click('#notices button[data-why="3093-c-1"]');
    const box = page.locator('#notices article[data-rule="3093-c-1"] .why');
    await box.locator("text=Because of these answers:").waitFor();
    const text = await box.innerText();
    assert.ok(text.includes("Is the U.S. Government's role meant to stay hidden"), text);
    assert.equal(await page.locator('#notices button[data-why="3093-c-1"]').getAttribute("aria-expanded"), "true");
    assert.equal(await box.locator("pre.explanation").isVisible(), false, "the derivation, full of ids, waits for Show ids");
    await page.check("#show-ids");
    await box.locator("details summary").click();
    const expected = cli(covertRon, ["explain", "ACTION", "--rule", "3093-c-1"]);
    assert.equal((await box.locator("pre.explanation").innerText()).trim(), expected.trim());
    await page.uncheck("#show-ids");
  });

  await step("a title edit neither re-queries nor re-announces, and the draft survives a reload", async () => {
    await page.click("#mode-all");
    const before = assessRequests;
    await page.evaluate(() => {
      window.announcements = 0;
      new MutationObserver(() => { window.announcements += 1; })
        .observe(document.getElementById("status"), { childList: true, characterData: true, subtree: true });
    });
    await page.fill("#title", "Covert action finding: support through a liaison service");
    await page.waitForTimeout(500);
    assert.equal(assessRequests, before, "no request for a title");
    assert.equal(await page.evaluate(() => window.announcements), 0, "nothing announced for a title");
    // An answer that changes nothing re-announces nothing either.
    await page.check('#fact-access_limited input[value="false"]');
    await settle();
    assert.equal(await page.evaluate(() => window.announcements), 0, "nothing announced for an unchanged answer");
    await page.reload();
    await settle();
    assert.equal(await page.locator("#title").inputValue(), "Covert action finding: support through a liaison service");
    assert.match(await bottomLineText(), /SSCI and HPSCI: report of the finding/);
  });

  await step("the memo downloads as Word and as Markdown, as the command line writes them", async () => {
    const docx = await downloaded("#download-memo-docx", "memo.docx");
    assert.equal(docx.subarray(0, 4).toString("latin1"), "PK\u0003\u0004");
    const markdown = (await downloaded("#download-memo", "memo.md")).toString("utf8");
    const ron = await downloadedRon();
    // The command line names the file by its path; the server, `action.ron`.
    const fromCli = cli(ron, ["check", "ACTION", "--format", "markdown"])
      .replace(/action file `[^`]*`/, "action file `action.ron`");
    assert.equal(markdown, fromCli);
  });

  await step("print puts the bottom line, the notices and the facts on page 1 onwards, in that order", async () => {
    await page.emulateMedia({ media: "print" });
    const order = await page.evaluate(() => ["#bottom-line", "#notices", "#facts-relied"].map((s) => {
      const box = document.querySelector(s).getBoundingClientRect();
      return { top: box.top + window.scrollY, visible: box.height > 0 };
    }));
    assert.ok(order.every((o) => o.visible), JSON.stringify(order));
    assert.ok(order[0].top < order[1].top && order[1].top < order[2].top, JSON.stringify(order));
    assert.equal(await page.locator("#ask-panel").isVisible(), false, "the questions are not printed");
    // Letter paper, 0.4 in margins: a page is 10.2 in of 96 px.
    assert.ok(order[0].top + 150 < 10.2 * 96, `the answer starts at ${order[0].top}px`);
    await page.setViewportSize({ width: 816, height: 1056 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artefacts, "print-page-1.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    const pdf = await page.pdf({ path: join(artefacts, "page.pdf"), format: "Letter",
      margin: { top: "0.4in", bottom: "0.4in", left: "0.5in", right: "0.5in" } });
    await page.emulateMedia({ media: "screen" });
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    // The PDF itself, read back with poppler's pdftotext: the answer is on
    // page 1, and the bottom line, the notices and the facts come in order.
    const pdfText = (range) => execFileSync("pdftotext", [...range, "-layout", join(artefacts, "page.pdf"), "-"],
      { encoding: "utf8" }).replace(/\s+/g, " ");
    const first = pdfText(["-f", "1", "-l", "1"]);
    assert.ok(first.includes("Bottom line Tell now:"), first.slice(0, 300));
    assert.ok(first.includes("SSCI and HPSCI: report of the finding, in writing, before 20 Mar 2025 09:00 EDT"), first.slice(0, 600));
    const whole = pdfText([]);
    const at = ["Bottom line", "Notices owed", "Facts relied on"].map((h) => whole.indexOf(h));
    assert.ok(at.every((i) => i >= 0) && at[0] < at[1] && at[1] < at[2], JSON.stringify(at));
    assert.ok(!whole.includes("What kind of action is this?") && !whole.includes("Show citations"),
      "the questions and the controls are not printed");
    stepCounts.pdfPages = pages;
  });

  await step("Start again asks first; “Keep my answers” keeps them", async () => {
    await page.click("#reset");
    assert.equal(await page.locator("#confirm-reset").isVisible(), true);
    await page.click("#reset-no");
    await settle();
    assert.match(await bottomLineText(), /SSCI and HPSCI/);
    await startAgain();
    assert.match(await bottomLineText(), /Answer the questions/);
    await page.click("#mode-interview");
    assert.equal(await page.locator("#interview h3").innerText(), "What kind of action is this?");
  });

  await step("choosing another kind takes back the first kind's answers; Not applicable to a yes-or-no question is No", async () => {
    await page.click('button[data-kind="covert"]');
    await settle();
    await page.click('#interview button[data-answer="yes"]');
    await settle();
    const key = await questionKey();
    assert.ok(key.startsWith("fact:"), key);
    await page.click('#interview button[data-answer="na"]');
    await settle();
    let ron = await downloadedRon();
    assert.match(ron, new RegExp(`"${key.slice(5)}": false,`));
    assert.match(ron, /"finding_approved": true,/);
    while (await questionKey() !== "kind") {
      await page.click("#back");
      await settle();
    }
    await page.click('button[data-kind="rel_to"]');
    await settle();
    ron = await downloadedRon();
    assert.doesNotMatch(ron, /finding_approved|us_role_hidden/);
    assert.match(ron, /"sharing_channel": "rel_to_marking",/);
    await startAgain();
  });

  await step("journey 2: a pause of sharing with Ukraine, countries found by name, a date without a time", async () => {
    const j = journey();
    await j.act(() => page.click('button[data-kind="pause"]'));
    let answered = false;
    while (!answered) {
      assert.ok(j.steps <= 12, `still not answered after ${j.steps} steps: ${await bottomLineText()}`);
      const key = await questionKey();
      if (key === "fact:recipient_country") {
        // A partly typed name is flagged at once, with the country it may be.
        await page.fill("#i-recipient_country", "Ukra");
        assert.match(await page.locator("#i-recipient_country-problem").innerText(), /Did you mean Ukraine \(UKR\)/);
        await j.act(() => page.fill("#i-recipient_country", "Ukraine"));
        await j.act(() => page.click("#interview button.next"));
      } else if (key === "event:pause") {
        await j.act(() => page.fill("#i-event-date", "2026-11-20"));
        await j.act(() => page.click("#interview button.next"));
      } else if (key.startsWith("fact:")) {
        await j.act(() => page.click('#interview button[data-answer="unknown"]'));
      } else {
        throw new Error(`unexpected question ${key}`);
      }
      answered = (await page.locator("#bottom-line li[data-rule]").count()) > 0
        && (await bottomLineText()).includes("Nov 2026");
    }
    stepCounts.ukraine = j.steps;
    const ron = await downloadedRon();
    assert.match(ron, /"recipient_country": "UKR"/);
    assert.match(ron, /"pause": "2026-11-20"/);
    const assessment = checkJson(ron);
    const required = assessment.outcomes.filter((o) => toCongress(o) && o.status === "required");
    assert.ok(required.length > 0, "the example must owe a notice");
    // The required notice comes first, before anything that may apply.
    const first = await page.locator("#notices article").first().getAttribute("data-rule");
    assert.ok(required.some((o) => o.rule === first), first);
    const deadline = required.find((o) => o.rule === first).deadline;
    assert.ok(deadline.missing.includes("time of day"), `a day without a time is read cautiously: ${deadline.missing}`);
    const line = await page.locator(`#bottom-line li[data-rule="${first}"]`).innerText();
    assert.ok(line.includes(plainDates(deadline.due_text)) && line.includes(plainDates(deadline.missing)), line);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artefacts, "interview-390x844.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await step("a value typed wrong is flagged at its field in plain words and clears the stale answer", async () => {
    await page.click("#mode-all");
    await page.locator("#fact-recipient_country").evaluate((f) => f.closest("details").setAttribute("open", ""));
    // Searching a country's name finds the questions that take a country.
    await page.fill("#fact-filter", "Ukraine");
    assert.match(await page.locator("#filter-result").innerText(), /^[1-9]\d* questions? match “ukraine”/);
    assert.equal(await page.locator("#fact-recipient_country").isVisible(), true);
    assert.equal(await page.locator("#fact-us_role_hidden").isVisible(), false);
    await page.fill("#fact-filter", "");
    await page.fill("#f-recipient_country", "GER");
    await page.waitForSelector("#error:not([hidden])");
    const problem = await page.locator('[data-problem-for="facts.recipient_country"]').innerText();
    assert.match(problem, /“GER” is not a country's name or ISO code\. Did you mean Germany \(DEU\)/);
    assert.equal(await page.locator("#bottom-line").count(), 0, "no stale answer under an error");
    await page.fill("#f-recipient_country", "Germany");
    await settle();
    assert.equal(await page.locator("#error").isHidden(), true);
    assert.equal(await page.locator("#bottom-line").count(), 1);
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    await runAxe("all questions open, with an answer");
  });

  await step("journey 3: a colleague's action file opened in one step", async () => {
    await startAgain();
    const file = join(root, "tests/scenarios/covert-finding-liaison-support.ron");
    const j = journey();
    await j.act(() => page.setInputFiles("#file-input", file));
    stepCounts.colleague = j.steps;
    assert.equal(j.steps, 1);
    const assessment = checkJson(readFileSync(file, "utf8"));
    const required = assessment.outcomes.filter((o) => toCongress(o) && o.status === "required");
    assert.ok(required.length > 0);
    for (const o of required) {
      assert.equal(await page.locator(`#bottom-line li[data-rule="${o.rule}"]`).count(), 1, o.rule);
    }
    assert.equal(await page.locator("#title").inputValue(), assessment.action.title);
    assert.match(await page.locator("#saved").innerText(), /Opened covert-finding-liaison-support\.ron/);
  });

  await step("ongoing duties are never shown under a line saying no one must be told", async () => {
    await page.click("#paste-toggle");
    await page.fill("#paste-text", 'Action(\n    title: "An intelligence activity, nothing more",\n    facts: {\n        "intelligence_activity": true,\n    },\n    as_of: "2026-11-20",\n)\n');
    await page.click("#paste-open");
    await settle();
    const bottom = await bottomLineText();
    const ongoing = page.locator("#ongoing li");
    assert.ok(await ongoing.count() > 0, "the example must have an ongoing duty");
    assert.match(bottom, /No notice to Congress is owed for this action|Nothing is known to be required yet/);
    assert.equal(await page.locator("#bottom-line #ongoing, #bottom-line li").count(), 0, "no ongoing duty in the bottom line");
    const [notices, ongoingBox] = await Promise.all(["#notices", "#ongoing"].map((s) => page.locator(s).boundingBox()));
    assert.ok(ongoingBox.y > notices.y, "ongoing duties come after the notices, in their own section");
    const text = await page.locator("#ongoing").innerText();
    assert.match(text, /^Ongoing duties\n+These run whatever this action is/);
    assert.equal(await page.locator("#notices article").count(), 0, "ongoing duties are not notices");
  });

  await step("a file dropped with mistakes opens the rest and shows each mistake at its field", async () => {
    const text = 'Action(\n    title: "Sharing with Germany",\n    facts: {\n        "intelligence_activity": true,\n        "recipient_country": "GER",\n        "finding_aproved": true,\n    },\n)\n';
    const transfer = await page.evaluateHandle((t) => {
      const data = new DataTransfer();
      data.items.add(new File([t], "colleague.ron", { type: "text/plain" }));
      return data;
    }, text);
    await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
    await page.waitForSelector("#open-problems:not([hidden])");
    await settle();
    const problems = await page.locator("#open-problems").innerText();
    assert.match(problems, /Opened colleague\.ron, except the values below/);
    assert.match(problems, /Line 5: “In which country|Line 5: “Which country/);
    assert.match(problems, /Did you mean Germany \(“DEU”\)\?/);
    assert.match(problems, /Line 6: Unknown fact “finding_aproved”\. Did you mean “finding_approved”\?/);
    const slot = page.locator('[data-problem-for="facts.recipient_country"]');
    assert.equal(await slot.isVisible(), true, "the problem is shown at its field, its section open");
    assert.match(await slot.innerText(), /^Not read from the file: /);
    assert.equal(await page.locator("#title").inputValue(), "Sharing with Germany");
  });

  await step("the REL TO proposal, ticked by its title, adds its notice", async () => {
    await startAgain();
    await page.click("#mode-all");
    await page.evaluate(() => document.querySelectorAll("#all-questions details").forEach((d) => { d.open = true; }));
    await page.fill("#as_of", "2026-11-20");
    await page.selectOption("#f-sharing_channel", "rel_to_marking");
    await page.selectOption("#f-rel_to_change", "country_added");
    await page.fill("#f-recipient_country", "France");
    await page.check('#fact-intelligence_activity input[value="true"]');
    await settle();
    const ron = await downloadedRon();
    assert.match(ron, /"recipient_country": "FRA"/);
    const diff = JSON.parse(cli(ron, ["diff", "--with", "rel-to-reporting", "ACTION", "--format", "json"]));
    const gained = diff.scenarios.flatMap((s) => s.changes).filter((c) => c.change === "gained");
    assert.ok(gained.length > 0, "the example must be one the proposal changes");
    const first = gained[0].rule;
    const shown = `#notices article[data-rule="${first}"], #may-apply li[data-rule="${first}"]`;
    assert.equal(await page.locator(shown).count(), 0);
    await page.check("#p-rel-to-reporting");
    await settle();
    const amended = checkJson(ron, ["--with", "rel-to-reporting"]);
    const outcome = amended.outcomes.find((o) => o.rule === first);
    const where = outcome.status === "required" ? "#notices article" : "#may-apply li";
    const text = await page.locator(`${where}[data-rule="${first}"]`).textContent();
    const bodies = andList(outcome.to.map((id) => amended.bodies.find((b) => b.id === id).short));
    assert.ok(text.includes(bodies), `${text} / ${bodies}`);
    if (outcome.status === "required") {
      const title = (await (await fetch(`${url}api/vocabulary`)).json()).proposals.find((p) => p.id === "rel-to-reporting").title;
      assert.ok(text.includes(title), text);
    }
    assert.match(await page.locator(`#changes li[data-change="${first}"]`).innerText(), /^Gained: tell /);
  });

  await step("a notice whose law is not encoded for its date says so and asks for a check by hand", async () => {
    const text = readFileSync(join(root, "tests/scenarios/cap-compartment-2022-12-22-not-encoded.ron"), "utf8");
    await startAgain();
    await page.setInputFiles("#file-input", join(root, "tests/scenarios/cap-compartment-2022-12-22-not-encoded.ron"));
    await settle();
    const assessment = checkJson(text);
    const unencoded = assessment.outcomes.filter((o) => o.status === "not_encoded" && toCongress(o));
    assert.ok(unencoded.length > 0, "the example must have a notice not encoded for its date");
    assert.match(await bottomLineText(), /cannot be judged: the law in force on/);
    for (const o of unencoded) {
      const card = await page.locator(`#notices article[data-rule="${o.rule}"]`).innerText();
      assert.match(card, /^Check by hand/);
      assert.ok(card.includes(`The law in force on ${plainDates(o.reason.judged_at)} is not encoded`), card);
    }
    for (const o of assessment.outcomes.filter((x) => x.status === "not_encoded" && x.kind === "standing_duty")) {
      const item = await page.locator(`#ongoing li[data-rule="${o.rule}"]`).innerText();
      assert.match(item, /^Check by hand \(the law in force on its date is not encoded\)/);
    }
  });

  await step("at 320 px the page reflows with no sideways scrolling, and the focus ring is at least 3:1", async () => {
    for (const width of [320, 390, 640]) {
      await page.setViewportSize({ width, height: 800 });
      for (const mode of ["#mode-interview", "#mode-all"]) {
        await page.click(mode);
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${width}px, ${mode}: the page scrolls sideways by ${overflow}px`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.focus("#mode-all");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const ratio = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      const rgb = (text) => text.match(/\d+/g).slice(0, 3).map(Number);
      const luminance = (c) => {
        const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ring = luminance(rgb(style.outlineColor));
      const white = 1;
      return { width: style.outlineWidth, style: style.outlineStyle, ratio: (white + 0.05) / (ring + 0.05) };
    });
    assert.equal(ratio.style, "solid");
    assert.ok(ratio.ratio >= 3, `focus ring contrast ${ratio.ratio.toFixed(2)}:1`);
  });

  await step("nothing was fetched from anywhere but the server, and no script error", async () => {
    assert.deepEqual(external, []);
    assert.deepEqual(pageErrors, []);
  });
} finally {
  console.log(results.join("\n"));
  console.log(`steps: covert-action finding ${stepCounts.covert}, Ukraine pause ${stepCounts.ukraine}, colleague's file ${stepCounts.colleague}; page.pdf ${stepCounts.pdfPages} pages`);
  await context.close();
  child.kill();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`browser test passed; screenshots and page.pdf in ${artefacts}`);
