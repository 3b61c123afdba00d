// The oversight page: a guided interview (one question at a time, most
// decisive first, as `oversight ask` ranks them) or every question at once,
// and the answer in plain words beside it. Plain DOM, no libraries, nothing
// fetched from anywhere but this server. All text from the server is
// inserted as text, never as HTML. The draft is kept in this browser's
// local storage; nothing leaves the machine.
"use strict";

// KINDS and GROUPS (the kinds of action and the groups of "All
// questions") are in kinds.js, loaded first.

const STORAGE_KEY = "oversight.draft/1";

const state = {
  vocabulary: null,
  draft: null,
  assessment: null,
  diff: null,
  serial: 0,
  runs: 0,
  waiting: false,
  timer: null,
  lastKey: null,
  lastAnnounced: null,
  forced: null, // the question Back returned to
  mode: "interview",
  invalid: new Map(), // field -> problem typed on the page (partly typed values)
  problems: [], // the server's problems, each with its field
  marks: new Map(), // field -> value of an opened file that could not be read
  interacted: false,
};

// ---- Small helpers --------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  appendAll(node, children);
  return node;
}

// Appends children to a node: nested arrays flattened, strings as text,
// null, undefined and false skipped.
function appendAll(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
}

// Replaces a node's children (as `appendAll` takes them).
function fill(node, ...children) {
  node.replaceChildren();
  appendAll(node, children);
}

const words = (name) => name.replaceAll("_", " ");
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function andList(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// "before 2025-03-20 09:00 EDT" -> "before 20 Mar 2025 09:00 EDT".
const plainDates = (text) => text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g,
  (_, y, m, d) => `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`);
// Backticked names in the engine's messages, as quotation marks.
const plainQuotes = (text) => text.replace(/`([^`]*)`/g, "“$1”");

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let problem = { message: `the server answered ${response.status}`, diagnostics: [] };
    try {
      const json = await response.json();
      problem = { message: json.error || problem.message, diagnostics: json.diagnostics || [] };
    } catch (_) { /* keep the status line */ }
    const error = new Error(problem.message);
    error.diagnostics = problem.diagnostics;
    throw error;
  }
  return response;
}

const fact = (name) => state.vocabulary.facts.find((f) => f.name === name);
const eventDef = (name) => state.vocabulary.events.find((e) => e.name === name);
const kindOf = (id) => KINDS.find((k) => k.id === id);

function bodyShort(id) {
  const body = state.vocabulary.bodies.find((b) => b.id === id);
  return body ? body.short : id;
}

// "National Security Act of 1947 §503(c)(1), 50 U.S.C. 3093(c)(1)" -> "50 U.S.C. 3093(c)(1)".
function codeCitation(citation) {
  const comma = citation.lastIndexOf(", ");
  const tail = comma < 0 ? citation : citation.slice(comma + 2);
  return tail.includes("U.S.C.") ? tail : citation;
}

const CONFIDENCE = {
  "TEXT-2023": "statute text (2023 Code)",
  TEXT: "statute text",
  SECONDARY: "a secondary source",
  UNCONFIRMED: "unconfirmed",
};
const confidenceWords = (tag) => CONFIDENCE[tag] || (tag.startsWith("TEXT") ? "statute text" : tag);

// ---- The draft --------------------------------------------------------------

function blankDraft() {
  return {
    title: "Draft action", summary: "", as_of: "", timezone: state.vocabulary.default_timezone,
    facts: {}, events: {}, proposals: [], kind: null, bundle: null, skipped: {}, history: [],
  };
}

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.draft));
  } catch (_) { /* storage full or disabled: the page still works */ }
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    if (saved && typeof saved === "object" && saved.facts) {
      // A draft from an older vocabulary keeps only what this one knows.
      const draft = { ...blankDraft(), ...saved };
      const known = (entries, ok) => Object.fromEntries(Object.entries(entries || {}).filter(([name]) => ok(name)));
      draft.facts = known(draft.facts, (n) => fact(n));
      draft.events = known(draft.events, (n) => eventDef(n));
      draft.skipped = known(draft.skipped, (key) => keyKnown(key));
      draft.proposals = (draft.proposals || []).filter((id) => state.vocabulary.proposals.some((p) => p.id === id));
      draft.history = (draft.history || []).filter(keyKnown);
      if (draft.kind && !kindOf(draft.kind)) draft.kind = null;
      return draft;
    }
  } catch (_) { /* a damaged copy is ignored */ }
  return null;
}

// The action as the API takes it (the fields of a RON action file).
// A question key ("kind", "bundle:covert", "fact:x", "event:y") this page still has.
function keyKnown(key) {
  if (key === "kind") return true;
  if (key.startsWith("bundle:")) return Boolean(kindOf(key.slice(7)));
  if (key.startsWith("fact:")) return Boolean(fact(key.slice(5)));
  if (key.startsWith("event:")) return Boolean(eventDef(key.slice(6)));
  return false;
}

function actionOf(draft) {
  const action = { title: draft.title || "Draft action", facts: { ...draft.facts }, events: { ...draft.events } };
  if (draft.summary) action.summary = draft.summary;
  if (draft.as_of) action.as_of = draft.as_of;
  if (draft.timezone) action.timezone = draft.timezone;
  return action;
}

const request = (extra) => ({ action: actionOf(state.draft), proposals: state.draft.proposals, ...extra });

// What the answer depends on: everything but the title and the summary.
function answerKey() {
  const { facts, events, as_of, timezone, proposals } = state.draft;
  return JSON.stringify({ facts, events, as_of, timezone, proposals });
}

function changed({ requery = true } = {}) {
  save();
  document.getElementById("saved").textContent =
    `Your answers are kept in this browser only (saved ${new Date().toTimeString().slice(0, 5)}).`;
  if (requery) scheduleAssess();
}

// ---- Countries --------------------------------------------------------------

// A typed country: its code when the text is a code, a name or "Name
// (CODE)"; else suggestions by name and code.
function resolveCountry(text) {
  const typed = text.trim();
  if (!typed) return { code: null };
  const countries = state.vocabulary.countries;
  const upper = typed.toUpperCase();
  const labelled = typed.match(/\(([A-Za-z]{3})\)\s*$/);
  // A code counts only in capitals ("AUS"); "Aus" is the start of a name.
  const byCode = countries.find((c) => c.code === (labelled ? labelled[1].toUpperCase() : typed));
  if (byCode) return { code: byCode.code };
  const lower = typed.toLowerCase();
  const byName = countries.find((c) => c.name.toLowerCase() === lower);
  if (byName) return { code: byName.code };
  const starts = countries.filter((c) => c.name.toLowerCase().startsWith(lower));
  const contains = countries.filter((c) => !starts.includes(c) && c.name.toLowerCase().includes(lower));
  const codes = countries.filter((c) => c.code.startsWith(upper.slice(0, 2)) && !starts.includes(c));
  const suggestions = [...starts, ...contains, ...(typed.length <= 3 ? codes : [])].slice(0, 5);
  return { code: null, suggestions };
}

const countryLabel = (code) => {
  const country = state.vocabulary.countries.find((c) => c.code === code);
  return country ? `${country.name} (${country.code})` : code;
};

function countryProblem(text, suggestions) {
  const named = suggestions.map((c) => `${c.name} (${c.code})`);
  return `“${text.trim()}” is not a country's name or ISO code${named.length ? `. Did you mean ${named.join(", ")}?` : "."}`;
}

// ---- Assessing --------------------------------------------------------------

// `data-pending` on the body while an answer is on its way (the browser
// test waits on it).
function scheduleAssess() {
  clearTimeout(state.timer);
  state.serial += 1; // an answer still on its way is now stale
  document.body.dataset.pending = "true";
  state.waiting = true;
  state.timer = setTimeout(() => {
    state.waiting = false;
    assess();
  }, 150);
}

async function assess() {
  const run = ++state.runs;
  try {
    await assessNow();
  } finally {
    if (run === state.runs && !state.waiting) delete document.body.dataset.pending;
  }
}

async function assessNow() {
  if (state.invalid.size) {
    showProblems();
    return;
  }
  const key = answerKey();
  if (key === state.lastKey && state.assessment) return; // nothing that decides the answer changed
  const serial = ++state.serial;
  try {
    const body = request({});
    const assessment = await (await post("/api/assess", body)).json();
    const diff = body.proposals.length ? await (await post("/api/diff", body)).json() : null;
    if (serial !== state.serial) return; // a newer change is on its way
    state.lastKey = key;
    state.assessment = assessment;
    state.diff = diff;
    state.problems = [];
    showProblems();
    renderResults();
    showNeededEvents();
  } catch (problem) {
    if (serial !== state.serial) return;
    state.lastKey = null;
    state.assessment = null;
    state.problems = (problem.diagnostics && problem.diagnostics.length)
      ? problem.diagnostics : [{ message: problem.message, field: null }];
    showProblems();
  }
  renderInterview();
}

// A problem in words a staffer reads: the question it concerns, the
// message with its names in quotation marks, and the suggestion.
function plainProblem(problem) {
  const field = problem.field || "";
  const [section, name] = field.split(".");
  let where = "";
  if (section === "facts" && name && fact(name)) where = `“${fact(name).question}”: `;
  else if (section === "events" && name && eventDef(name)) where = `Date of ${eventDef(name).label}: `;
  const help = problem.help ? ` ${capital(plainQuotes(problem.help))}` : "";
  return `${where}${capital(plainQuotes(problem.message))}.${help}`;
}

// Shows the typed and the server's problems at their fields and above the
// answer, and clears a stale answer.
function showProblems() {
  document.querySelectorAll("[data-problem-for]").forEach((p) => { p.textContent = ""; p.hidden = true; });
  document.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
  const all = [...[...state.invalid.entries()].map(([field, message]) => ({ field, text: message })),
    ...state.problems.map((p) => ({ field: p.field, text: plainProblem(p) }))];
  const marks = [...state.marks.entries()].map(([field, text]) => ({ field, text: `Not read from the file: ${text}` }));
  for (const { field, text } of [...all, ...marks]) {
    if (!field) continue;
    const slot = document.querySelector(`[data-problem-for="${field}"]`);
    if (slot) {
      slot.textContent = text;
      slot.hidden = false;
      const group = slot.closest("details");
      if (group) group.open = true;
    }
    document.querySelectorAll(`[data-field="${field}"]`).forEach((c) => c.setAttribute("aria-invalid", "true"));
  }
  const box = document.getElementById("error");
  if (!all.length) {
    box.hidden = true;
    return;
  }
  fill(box,
    el("p", { text: "There is no answer while the action has a problem:" }),
    el("ul", {}, all.map(({ text }) => el("li", { text }))));
  box.hidden = false;
  state.assessment = null;
  fill(document.getElementById("output"),
    el("p", { class: "hint", text: "Correct the value marked above to see the answer again." }));
  announce("The action has a problem; no answer is shown until it is corrected.");
}

function announce(text) {
  if (text === state.lastAnnounced) return;
  state.lastAnnounced = text;
  document.getElementById("status").textContent = text;
}

// ---- The answer -------------------------------------------------------------

const toCongress = (o) => o.to.length > 0 && (o.kind === "notice" || o.kind === "duty");
const bodiesOf = (o) => andList(o.to.map(bodyShort));

function dueWords(outcome) {
  const d = outcome.deadline;
  if (!d) return "";
  // A day given without a time: the engine's cautious reading follows.
  if (d.due_text) return plainDates(d.missing ? `${d.due_text} (${d.missing})` : d.due_text);
  if (d.missing) return `${d.rule} (${d.missing})`;
  return d.rule || "";
}

// One line of the bottom line: "SSCI and HPSCI: report of the finding, in
// writing, before 20 Mar 2025 09:00 EDT".
function tellLine(outcome) {
  const parts = [outcome.what || outcome.says, outcome.form, dueWords(outcome)].filter(Boolean);
  return `${bodiesOf(outcome)}: ${parts.join(", ")}`;
}

function citeSpan(outcome) {
  return el("span", { class: "cite" }, ` (${outcome.citation}; read from ${confidenceWords(outcome.confidence)})`);
}

function idSpan(id) {
  return el("code", { class: "id" }, ` ${id}`);
}

function proposalTitle(id) {
  const proposal = state.vocabulary.proposals.find((p) => p.id === id);
  return proposal ? proposal.title : id;
}

function bottomLine(a) {
  const notices = a.outcomes.filter(toCongress);
  const required = notices.filter((o) => o.status === "required");
  const depends = notices.filter((o) => o.status === "depends");
  const unencoded = notices.filter((o) => o.status === "not_encoded");
  const lines = [];
  const box = el("div", { id: "bottom-line" }, el("h3", { text: "Bottom line" }));
  if (required.length) {
    box.append(el("p", { class: "answer" }, el("strong", { text: "Tell now:" })),
      el("ul", { class: "tell" }, required.map((o) =>
        el("li", { "data-rule": o.rule }, tellLine(o), citeSpan(o), idSpan(o.rule)))));
    lines.push(`Tell now: ${required.map(tellLine).join("; ")}.`);
  } else if (!Object.keys(state.draft.facts).length) {
    const text = "Answer the questions to see who must be told.";
    box.append(el("p", { class: "answer", text }));
    lines.push(text);
  } else if (depends.length || unencoded.length) {
    const text = "Nothing is known to be required yet on what you have answered.";
    box.append(el("p", { class: "answer", text }));
    lines.push(text);
  } else {
    const text = "No notice to Congress is owed for this action on the facts given.";
    box.append(el("p", { class: "answer", text }));
    lines.push(text);
  }
  if (unencoded.length) {
    const text = `${unencoded.length} notice${unencoded.length === 1 ? "" : "s"} cannot be judged: the law in force on ${unencoded.length === 1 ? "its date" : "their dates"} is not encoded. Check by hand.`;
    box.append(el("p", { class: "not-encoded", text }));
    lines.push(text);
  }
  for (const o of a.outcomes.filter((x) => x.status === "required")) {
    let text = null;
    if (o.kind === "gate" && o.blocks) text = `Blocked${o.until ? ` until ${o.until}` : ""}: ${o.blocks}.`;
    if (o.kind === "prohibition" && o.bars) text = `Prohibited: ${o.bars}.`;
    if (text) {
      box.append(el("p", { class: "barrier", "data-rule": o.rule }, text, citeSpan(o), idSpan(o.rule)));
      lines.push(text);
    }
  }
  if (depends.length) {
    const bodies = [...new Set(depends.flatMap((o) => o.to))].map(bodyShort);
    const who = bodies.length <= 4 ? andList(bodies) : `${bodies.length} committees and members`;
    const text = `May also have to tell ${who}, depending on questions not yet answered (see “May also apply if…”).`;
    box.append(el("p", { text }));
    lines.push(text);
  }
  return { box, text: lines.join(" ") };
}

function noticeCard(o) {
  const card = el("article", { class: `notice ${o.status}`, "data-rule": o.rule },
    el("h4", {}, el("span", { class: "badge", text: o.status === "required" ? "Required" : "Check by hand" }),
      ` Tell ${bodiesOf(o)}`, idSpan(o.rule)),
    el("p", { text: o.says }),
    el("dl", {},
      o.what ? [el("dt", { text: "What" }), el("dd", { text: [o.what, o.form].filter(Boolean).join(", ") })] : null,
      o.deadline ? [el("dt", { text: "When" }), el("dd", { class: "deadline", text: dueWords(o) })] : null,
      o.by ? [el("dt", { text: "Who tells" }), el("dd", { text: o.by })] : null,
      o.source !== "law" ? [el("dt", { text: "From the proposal" }), el("dd", { text: proposalTitle(o.source) })] : null,
      [el("dt", { class: "cite", text: "Citation" }), el("dd", { class: "cite", text: `${o.citation} (read from ${confidenceWords(o.confidence)})` })]),
    o.status === "not_encoded" && o.reason
      ? el("p", { text: `The law in force on ${plainDates(o.reason.judged_at)} is not encoded (this rule's encoding starts on ${plainDates(o.reason.horizon)}): check it by hand.` })
      : null,
    o.law_of && o.law_of.basis === "event"
      ? el("p", { class: "meta", text: `Judged by the law in force on ${plainDates(o.law_of.date)} (${o.law_of.event}).` })
      : null,
    whyButton(o));
  return card;
}

// "Why?": the answers the rule turned on, in the questions' words, and the
// full derivation (`oversight explain`) folded below them.
function whyButton(outcome) {
  const box = el("div", { class: "why", hidden: true, tabindex: "-1" });
  const button = el("button", { type: "button", "aria-expanded": "false", "data-why": outcome.rule,
    "aria-label": `Why tell ${bodiesOf(outcome)}?`,
    onclick: async () => {
      if (!box.hidden || box.dataset.loaded) {
        // Shown once: the box keeps its words until the answer changes,
        // which draws the notices again.
        box.hidden = !box.hidden;
        button.setAttribute("aria-expanded", String(!box.hidden));
        return;
      }
      fill(box, el("p", { text: "Working it out…" }));
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      try {
        const text = await (await post("/api/explain", request({ rule: outcome.rule }))).text();
        // Stated leaves read "`name` (stated) = true" or "`name` = UKR (stated)".
        const stated = [...new Set([...text.matchAll(/`([a-z0-9_]+)`(?: = [^\n]*?)? \(stated\)/g)].map((m) => m[1]))];
        const answers = stated.filter((name) => fact(name)).map((name) =>
          el("li", {}, `${fact(name).question} `, el("strong", { text: shownValue(name, state.draft.facts[name]) })));
        fill(box,
          el("p", { text: answers.length ? "Because of these answers:" : "It does not turn on any answer you gave." }),
          answers.length ? el("ul", {}, answers) : null,
          el("details", { class: "id" }, el("summary", { text: "The full reasoning, rule by rule (with ids)" }),
            el("pre", { class: "explanation", text })));
        box.dataset.loaded = "yes";
      } catch (error) {
        fill(box, el("p", { text: error.message }));
      }
    } }, "Why?");
  return [button, box];
}

function shownValue(name, value) {
  if (value === undefined || value === null) return "not answered";
  if (value === true) return "Yes";
  if (value === false) return "No";
  const def = fact(name);
  if (def && def.kind === "country") return countryLabel(value);
  if (Array.isArray(value)) return value.length ? value.map(words).join(", ") : "none";
  if (def && def.kind === "amount_usd") return `$${Number(value).toLocaleString("en-US")}`;
  return typeof value === "string" ? words(value) : String(value);
}

function dependsItem(o) {
  const facts = (o.reason && o.reason.facts) || [];
  const questions = facts.filter((f) => fact(f)).map((f) => fact(f).question);
  return el("li", { "data-rule": o.rule },
    el("strong", { text: `${bodiesOf(o)}: ` }), [o.what || o.says, dueWords(o)].filter(Boolean).join(", "),
    citeSpan(o), idSpan(o.rule),
    questions.length ? el("ul", { class: "if" }, questions.map((q) => el("li", { text: `if: ${q}` }))) : null);
}

// A gate, prohibition or ongoing duty in a list: its summary, after what
// its status leaves open.
function listedRule(o) {
  const status = {
    depends: "May apply, depending on questions not yet answered: ",
    not_encoded: "Check by hand (the law in force on its date is not encoded): ",
  }[o.status] || "";
  return el("li", { "data-rule": o.rule }, status, o.says, citeSpan(o), idSpan(o.rule));
}

function renderResults() {
  const a = state.assessment;
  if (!a) return;
  const notices = a.outcomes.filter(toCongress);
  const required = notices.filter((o) => o.status === "required" || o.status === "not_encoded");
  const depends = notices.filter((o) => o.status === "depends");
  const ongoing = a.outcomes.filter((o) => o.kind === "standing_duty" && o.status !== "not_required");
  const limits = a.outcomes.filter((o) => (o.kind === "gate" || o.kind === "prohibition") && o.status !== "not_required");
  const { box, text } = bottomLine(a);
  const output = document.getElementById("output");
  fill(output,
    box,
    el("section", { id: "notices", "aria-labelledby": "notices-heading" },
      el("h3", { id: "notices-heading", text: "Notices owed" }),
      required.length ? required.map(noticeCard)
        : el("p", { class: "hint", text: "None yet on what you have answered." })),
    depends.length ? el("details", { id: "may-apply" },
      el("summary", { text: `May also apply if… (${depends.length})` }),
      el("ul", {}, depends.map(dependsItem))) : null,
    limits.length ? el("section", { id: "limits" }, el("h3", { text: "Gates and prohibitions" }),
      el("ul", {}, limits.map(listedRule))) : null,
    ongoing.length ? el("section", { id: "ongoing" }, el("h3", { text: "Ongoing duties" }),
      el("p", { class: "hint", text: "These run whatever this action is: they are not notices about it." }),
      el("ul", {}, ongoing.map(listedRule))) : null,
    state.diff ? renderChanges(state.diff) : null,
    factsRelied(a));
  announce(text);
}

function renderChanges(diff) {
  const changes = diff.scenarios.flatMap((s) => s.changes);
  return el("section", { id: "changes" },
    el("h3", { text: "What the proposals change" }),
    changes.length
      ? el("ul", {}, changes.map((c) => el("li", { "data-change": c.rule },
        el("strong", { text: `${capital(c.change)}: ` }),
        (c.after || c.before) && (c.after || c.before).to
          ? `tell ${andList((c.after || c.before).to.map(bodyShort))}` : "a notice",
        c.after && c.after.due_text ? `, ${plainDates(c.after.due_text)}` : "",
        el("span", { class: "cite" }, ` (${c.citation})`), idSpan(c.rule))))
      : el("p", { class: "hint", text: "Nothing, for this action." }));
}

function factsRelied(a) {
  const stated = a.action.facts || [];
  const events = Object.entries(state.draft.events);
  return el("section", { id: "facts-relied" },
    el("h3", { text: "Facts relied on" }),
    stated.length || events.length
      ? el("ul", {},
        stated.map((f) => el("li", {}, `${f.question} `, el("strong", { text: shownValue(f.fact, state.draft.facts[f.fact]) }), idSpan(f.fact))),
        events.map(([name, when]) => el("li", {}, `Date of ${eventDef(name) ? eventDef(name).label : name}: `,
          el("strong", { text: plainDates(when.replace("T", " ")) + (when.includes("T") ? "" : " (time not given)") }))))
      : el("p", { class: "hint", text: "No answers yet." }),
    el("p", { class: "meta", text: `The law as of ${plainDates(a.as_of.date)}.` }));
}

// ---- The interview ----------------------------------------------------------

// Events the owed (or possibly owed) notices count their deadlines from,
// not yet dated or skipped.
function neededEvents(a, statuses) {
  const seen = new Set();
  const needed = [];
  for (const o of a.outcomes) {
    if (!statuses.includes(o.status) || !o.deadline || !o.deadline.anchor || !o.deadline.missing) continue;
    const name = o.deadline.anchor;
    if (seen.has(name) || state.draft.events[name] || state.draft.skipped[`event:${name}`]) continue;
    seen.add(name);
    needed.push({ type: "event", key: `event:${name}`, event: name, outcome: o });
  }
  return needed;
}

function openQuestions(a) {
  return a.questions.filter((q) => !(q.fact in state.draft.facts) && !state.draft.skipped[`fact:${q.fact}`]);
}

function questionFor(key, a) {
  if (key === "kind") return { type: "kind", key };
  if (key.startsWith("bundle:")) return { type: "bundle", key, kind: kindOf(key.slice(7)) };
  if (key.startsWith("event:")) {
    const name = key.slice(6);
    const o = a.outcomes.find((x) => x.deadline && x.deadline.anchor === name);
    return { type: "event", key, event: name, outcome: o };
  }
  const name = key.slice(5);
  return { type: "fact", key, fact: name, q: a.questions.find((q) => q.fact === name) };
}

// The next question: the kind of action; its definition to confirm; the
// dates an owed notice's deadline needs; the kind's own questions; then
// every other open question; most decisive first within each.
function nextQuestion(a) {
  if (state.forced) return questionFor(state.forced, a);
  const draft = state.draft;
  if (!draft.kind) return { type: "kind", key: "kind" };
  const kind = kindOf(draft.kind) || kindOf("other");
  if (kind.bundle && draft.bundle === null
    && Object.keys(kind.bundle.facts).some((f) => !(f in draft.facts))) {
    return { type: "bundle", key: `bundle:${kind.id}`, kind };
  }
  const events = neededEvents(a, ["required"]);
  if (events.length) return events[0];
  const open = openQuestions(a);
  const topic = new Set([...kind.topic, ...(kind.bundle ? Object.keys(kind.bundle.facts) : [])]);
  const first = open.find((q) => topic.has(q.fact));
  if (first) return { type: "fact", key: `fact:${first.fact}`, fact: first.fact, q: first };
  if (open.length) return { type: "fact", key: `fact:${open[0].fact}`, fact: open[0].fact, q: open[0], other: true };
  const later = neededEvents(a, ["depends"]);
  if (later.length) return later[0];
  return { type: "done", key: "done" };
}

function remaining(a) {
  return openQuestions(a).length + neededEvents(a, ["required", "depends"]).length;
}

function record(question, apply) {
  apply();
  const field = question.fact ? `facts.${question.fact}` : question.event ? `events.${question.event}` : null;
  if (field) {
    state.invalid.delete(field);
    state.marks.delete(field);
  }
  const history = state.draft.history;
  if (history[history.length - 1] !== question.key) history.push(question.key);
  state.forced = null;
  changed();
  if (answerKey() === state.lastKey) renderInterview(); // e.g. the kind alone changes nothing
}

function answerFact(question, value) {
  record(question, () => {
    delete state.draft.skipped[question.key];
    state.draft.facts[question.fact] = value;
  });
}

function skip(question, how) {
  record(question, () => {
    if (question.type === "fact") {
      const def = fact(question.fact);
      // "Not applicable" to a yes-or-no question reads as No; to a list, as none.
      if (how === "na" && def && def.kind === "flag") {
        state.draft.facts[question.fact] = false;
        return;
      }
      if (how === "na" && def && def.kind === "choice_set") {
        state.draft.facts[question.fact] = [];
        return;
      }
      delete state.draft.facts[question.fact];
    }
    if (question.type === "event") delete state.draft.events[question.event];
    if (question.type === "bundle") {
      state.draft.bundle = "ask";
      return;
    }
    state.draft.skipped[question.key] = how;
  });
}

function chooseKind(kind) {
  record({ key: "kind" }, () => {
    const draft = state.draft;
    const previous = kindOf(draft.kind);
    if (previous && previous.id !== kind.id) {
      // Take back what the previous kind answered, where it still stands.
      const set = { ...previous.presets, ...(previous.bundle && draft.bundle === "yes" ? previous.bundle.facts : {}) };
      for (const [name, value] of Object.entries(set)) {
        if (draft.facts[name] === value) delete draft.facts[name];
      }
      draft.skipped = {};
    }
    draft.kind = kind.id;
    draft.bundle = null;
    for (const [name, value] of Object.entries(kind.presets)) {
      if (fact(name) && !(name in draft.facts)) draft.facts[name] = value;
    }
  });
}

function back() {
  const history = state.draft.history;
  if (!history.length) return;
  const current = state.forced;
  let key = history.pop();
  if (key === current && history.length) key = history.pop();
  state.forced = key;
  save();
  renderInterview();
}

function whyAsking(question, a) {
  let text = "";
  let cite = "";
  if (question.type === "kind") {
    text = "Each kind of action has its own questions; answering them first settles most answers in a few steps. Nothing is assumed beyond what the kind's name says, and every answer can be changed later.";
  } else if (question.type === "bundle") {
    text = question.kind.bundle.why;
    // The definition the bundle confirms is cited by its first fact.
    const first = Object.keys(question.kind.bundle.facts).map(fact).find(Boolean);
    cite = first?.cite || "";
  } else if (question.type === "event") {
    const o = question.outcome;
    if (o) {
      text = `The deadline for telling ${bodiesOf(o)} is counted from this date: ${o.deadline.rule}.`;
      cite = codeCitation(o.citation);
    }
  } else if (question.q) {
    const q = question.q;
    const example = a.outcomes.find((o) => o.rule === q.matters_for[0]);
    text = `Your answer decides ${q.decides} ${q.decides === 1 ? "duty" : "duties"} that ${q.decides === 1 ? "is" : "are"} open now` +
      (example ? `, for example: ${example.says}` : ".");
    cite = [...new Set(q.cites.slice(0, 3).map(codeCitation))].join("; ");
  }
  return el("details", { class: "why-asking" }, el("summary", { text: "Why are we asking?" }),
    el("p", { text }), cite ? el("p", { class: "meta", text: `Under ${cite}` }) : null,
    question.fact ? el("p", { class: "meta id" }, "Fact ", el("code", { text: question.fact })) : null);
}

function skipButtons(question) {
  return el("div", { class: "skips" },
    el("button", { type: "button", class: "secondary", "data-answer": "na", onclick: () => skip(question, "na") }, "Not applicable"),
    el("button", { type: "button", class: "secondary", "data-answer": "unknown", onclick: () => skip(question, "unknown") }, "Don't know"));
}

// The answer controls of one question in the interview.
function interviewControls(question) {
  const draft = state.draft;
  if (question.type === "kind") {
    return el("div", { class: "options" }, KINDS.map((kind) =>
      el("button", { type: "button", class: "option", "data-kind": kind.id,
        "aria-pressed": String(draft.kind === kind.id), onclick: () => chooseKind(kind) },
      el("span", { class: "label", text: kind.label }), el("span", { class: "meta", text: kind.hint }))));
  }
  if (question.type === "bundle") {
    const facts = question.kind.bundle.facts;
    return [
      el("ul", { class: "bundle" }, Object.entries(facts).filter(([name]) => fact(name)).map(([name, value]) =>
        el("li", {}, el("strong", { text: value ? "Yes: " : "No: " }), fact(name).question))),
      el("div", { class: "options" },
        el("button", { type: "button", class: "option", "data-answer": "yes",
          onclick: () => record(question, () => {
            for (const [name, value] of Object.entries(facts)) if (fact(name)) draft.facts[name] = value;
            draft.bundle = "yes";
          }) }, "Yes, all of these"),
        el("button", { type: "button", class: "option", "data-answer": "ask",
          onclick: () => record(question, () => { draft.bundle = "ask"; }) }, "No, or not sure: ask me each")),
    ];
  }
  if (question.type === "event") return eventControls(question);
  const def = fact(question.fact);
  const current = draft.facts[question.fact];
  const id = `i-${question.fact}`;
  switch (def.kind) {
    case "flag":
      return el("div", { class: "options" },
        [["Yes", true], ["No", false]].map(([label, value]) => el("button", { type: "button", class: "option",
          "data-answer": String(value), "aria-pressed": String(current === value),
          onclick: () => answerFact(question, value) }, label)));
    case "choice":
      return el("div", { class: "options" }, def.values.map((value) => el("button", { type: "button",
        class: "option", "data-answer": value, "aria-pressed": String(current === value),
        onclick: () => answerFact(question, value) }, capital(words(value)))));
    case "choice_set": {
      const boxes = def.values.map((value) => el("label", {},
        el("input", { type: "checkbox", value, checked: Array.isArray(current) && current.includes(value) }), words(value)));
      return [el("div", { class: "choices", role: "group", "aria-labelledby": "question-text" }, boxes),
        el("button", { type: "button", class: "next", onclick: () => answerFact(question,
          boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value)) },
        "Next (none ticked means none)")];
    }
    case "country": {
      const input = el("input", { id, type: "text", list: "country-list", autocomplete: "off",
        spellcheck: "false", "aria-labelledby": "question-text", "aria-describedby": `${id}-problem`,
        value: current ? countryLabel(current) : "", placeholder: "Type a name, e.g. Germany" });
      const problem = el("p", { id: `${id}-problem`, class: "problem", hidden: true });
      const next = el("button", { type: "button", class: "next", onclick: () => {
        const found = resolveCountry(input.value);
        if (found.code) answerFact(question, found.code);
        else flagCountry(input, problem, found);
      } }, "Next");
      input.addEventListener("input", () => {
        const found = resolveCountry(input.value);
        if (found.code || !input.value.trim()) {
          problem.hidden = true;
          input.removeAttribute("aria-invalid");
        } else flagCountry(input, problem, found);
      });
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") next.click(); });
      return [el("label", { for: id, class: "visually-hidden", text: "Country" }), input, problem, next];
    }
    case "amount_usd": {
      const input = el("input", { id, type: "text", inputmode: "numeric", autocomplete: "off",
        "aria-labelledby": "question-text", "aria-describedby": `${id}-problem`,
        value: current === undefined ? "" : String(current), placeholder: "Whole dollars, e.g. 2,500,000" });
      const problem = el("p", { id: `${id}-problem`, class: "problem", hidden: true });
      const next = el("button", { type: "button", class: "next", onclick: () => {
        const amount = parseAmount(input.value);
        if (amount !== null) answerFact(question, amount);
        else flagField(input, problem, "Write whole dollars, digits only (commas allowed).");
      } }, "Next");
      input.addEventListener("input", () => {
        if (input.value.trim() && parseAmount(input.value) === null) {
          flagField(input, problem, "Write whole dollars, digits only (commas allowed).");
        } else {
          problem.hidden = true;
          input.removeAttribute("aria-invalid");
        }
      });
      return [input, problem, next];
    }
    case "date": {
      const input = el("input", { id, type: "date", "aria-labelledby": "question-text",
        "aria-describedby": `${id}-problem`, value: current || "" });
      const problem = el("p", { id: `${id}-problem`, class: "problem", hidden: true });
      return [input, problem, el("button", { type: "button", class: "next", onclick: () => {
        if (input.validity.badInput || !input.value) flagField(input, problem, "The date is not complete: give the day, month and year.");
        else answerFact(question, input.value);
      } }, "Next")];
    }
    default:
      return el("p", { text: `(no control for a ${def.kind} fact)` });
  }
}

function flagField(input, problem, text) {
  problem.textContent = text;
  problem.hidden = false;
  input.setAttribute("aria-invalid", "true");
}

function flagCountry(input, problem, found) {
  flagField(input, problem, countryProblem(input.value, found.suggestions || []));
  for (const country of found.suggestions || []) {
    problem.append(" ", el("button", { type: "button", class: "link", onclick: () => {
      input.value = countryLabel(country.code);
      input.dispatchEvent(new Event("input"));
      input.focus();
    } }, `Use ${country.name} (${country.code})`));
  }
}

function parseAmount(text) {
  const plain = text.trim().replace(/^\$/, "");
  if (!/^\d{1,3}(,\d{3})*$|^\d+$/.test(plain)) return null;
  return Number(plain.replaceAll(",", ""));
}

function eventControls(question) {
  const name = question.event;
  const current = state.draft.events[name] || "";
  const [day, time] = current.split("T");
  const date = el("input", { id: "i-event-date", type: "date", value: day || "" });
  const clock = el("input", { id: "i-event-time", type: "time", value: time || "" });
  const problem = el("p", { class: "problem", hidden: true });
  return [
    el("div", { class: "when" },
      el("div", {}, el("label", { for: "i-event-date", text: "Date" }), date),
      el("div", {}, el("label", { for: "i-event-time", text: "Time, if known" }), clock)),
    el("p", { class: "meta", text: `Time zone: ${state.draft.timezone}. Without a time, a deadline counted from this day is read cautiously (the engine says how).` }),
    problem,
    el("button", { type: "button", class: "next", onclick: () => {
      if (date.validity.badInput || !date.value) {
        flagField(date, problem, "The date is not complete: give the day, month and year.");
        return;
      }
      if (clock.validity.badInput) {
        flagField(clock, problem, "The time is not complete: give hours and minutes, or leave it empty.");
        return;
      }
      record(question, () => {
        delete state.draft.skipped[question.key];
        state.draft.events[name] = clock.value ? `${date.value}T${clock.value}` : date.value;
      });
    } }, "Next"),
  ];
}

function questionText(question) {
  if (question.type === "kind") return "What kind of action is this?";
  if (question.type === "bundle") return question.kind.bundle.question;
  if (question.type === "event") {
    const def = eventDef(question.event);
    return `When is (or was) ${def ? def.label : words(question.event)}?`;
  }
  return fact(question.fact).question;
}

function renderInterview() {
  const box = document.getElementById("interview");
  const a = state.assessment;
  if (!state.vocabulary) return;
  if (!a) {
    fill(box, el("p", { class: "hint", text: state.problems.length || state.invalid.size
      ? "Correct the problem shown with the answer to go on." : "Working out the next question…" }));
    return;
  }
  const question = nextQuestion(a);
  const answered = state.draft.history.length;
  const left = remaining(a);
  const progress = el("div", { class: "progress" },
    el("progress", { max: String(answered + left + 1), value: String(answered), "aria-label": "Progress" }),
    el("p", { class: "meta", text: `${answered} answered · ${question.type === "done" ? "no question left that changes the answer"
      : `about ${left} more could change the answer`}` }));
  // On a narrow screen the answer is below the questions: its first line here.
  const soFar = state.lastAnnounced ? el("p", { class: "so-far" },
    el("a", { href: "#results" }, "The answer so far"), `: ${state.lastAnnounced}`) : null;
  const backButton = el("button", { type: "button", class: "secondary", id: "back",
    disabled: !state.draft.history.length, onclick: back }, "Back");
  const moved = box.dataset.question !== question.key && state.mode === "interview" && state.interacted;
  if (question.type === "done") {
    fill(box, progress, soFar,
      el("h3", { id: "question-text", tabindex: "-1", text: "That is every question that changes the answer." }),
      el("p", { text: "You can change any answer under “All questions”, or go back." }),
      el("div", { class: "nav" }, backButton));
    box.dataset.question = "done";
    if (moved) document.getElementById("question-text").focus();
    return;
  }
  fill(box, progress, soFar,
    question.other ? el("p", { class: "meta", text: "Other questions that may change the answer" }) : null,
    el("h3", { id: "question-text", tabindex: "-1", text: questionText(question) }),
    interviewControls(question),
    question.type === "kind" || question.type === "bundle" ? null : skipButtons(question),
    whyAsking(question, a),
    el("div", { class: "nav" }, backButton));
  box.dataset.question = question.key;
  // After an answer, focus moves to the new question (screen readers read
  // it); never when the page has just loaded or the person is elsewhere.
  if (moved) document.getElementById("question-text").focus();
}

// ---- All questions ----------------------------------------------------------

function section(title, open, ...children) {
  return el("details", { class: "group", open }, el("summary", {}, el("h3", { text: title })), ...children);
}

function problemSlot(field) {
  return el("p", { class: "problem", "data-problem-for": field, hidden: true, id: `problem-${field.replace(".", "-")}` });
}

function factField(def) {
  const id = `f-${def.name}`;
  const field = `facts.${def.name}`;
  const control = (() => {
    switch (def.kind) {
      case "flag":
        return el("div", { class: "choices", role: "radiogroup", "aria-labelledby": `${id}-q` },
          [["", "Don't know"], ["true", "Yes"], ["false", "No"]].map(([value, label]) => el("label", {},
            el("input", { type: "radio", name: id, value, "data-field": field }), label)));
      case "choice":
        return el("select", { id, "aria-labelledby": `${id}-q`, "data-field": field },
          el("option", { value: "", text: "Don't know" }),
          def.values.map((v) => el("option", { value: v, text: capital(words(v)) })));
      case "choice_set":
        return el("div", {},
          el("label", {}, el("input", { type: "checkbox", "data-known": def.name }), "I know the full list (none ticked means none)"),
          el("div", { class: "choices", role: "group", "aria-labelledby": `${id}-q` },
            def.values.map((v) => el("label", {}, el("input", { type: "checkbox", value: v, "data-set": def.name }), words(v)))));
      case "country":
        return el("input", { id, type: "text", list: "country-list", autocomplete: "off", spellcheck: "false",
          "aria-labelledby": `${id}-q`, "aria-describedby": `problem-facts-${def.name}`, "data-field": field,
          placeholder: "A country's name, e.g. Germany" });
      case "amount_usd":
        return el("input", { id, type: "text", inputmode: "numeric", autocomplete: "off",
          "aria-labelledby": `${id}-q`, "aria-describedby": `problem-facts-${def.name}`, "data-field": field,
          placeholder: "Whole dollars" });
      case "date":
        return el("input", { id, type: "date", "aria-labelledby": `${id}-q`, "data-field": field,
          "aria-describedby": `problem-facts-${def.name}` });
      default:
        return el("p", { text: `(no control for a ${def.kind} fact)` });
    }
  })();
  return el("fieldset", { class: "fact", id: `fact-${def.name}`, "data-fact": def.name },
    el("legend", { id: `${id}-q`, text: def.question }),
    el("p", { class: "meta" }, def.cite ? el("span", { class: "cite", text: def.cite }) : null, idSpan(def.name)),
    control, problemSlot(field));
}

function eventField(def) {
  const field = `events.${def.name}`;
  return el("fieldset", { class: "event", id: `event-${def.name}`, "data-event": def.name },
    el("legend", { text: capital(def.label) }),
    el("div", { class: "when" },
      el("div", {}, el("label", { for: `e-${def.name}`, text: "Date" }),
        el("input", { id: `e-${def.name}`, type: "date", "data-event-date": def.name, "data-field": field })),
      el("div", {}, el("label", { for: `t-${def.name}`, text: "Time, if known" }),
        el("input", { id: `t-${def.name}`, type: "time", "data-event-time": def.name, "data-field": field }))),
    problemSlot(field));
}

function buildAllQuestions() {
  const v = state.vocabulary;
  const form = document.getElementById("all-questions");
  const grouped = new Map(GROUPS.map((g) => [g.title, []]));
  const other = [];
  for (const def of v.facts) {
    const group = GROUPS.find((g) => g.kinds.some((k) => {
      const kind = kindOf(k);
      return kind.topic.includes(def.name) || (kind.bundle && def.name in kind.bundle.facts) || def.name in kind.presets;
    }));
    (group ? grouped.get(group.title) : other).push(def);
  }
  fill(form,
    el("label", { for: "fact-filter", text: "Find a question (its words, or a country's name)" }),
    el("input", { id: "fact-filter", type: "search", autocomplete: "off", placeholder: "e.g. finding, REL TO, Ukraine" }),
    el("p", { id: "filter-result", class: "meta" }),
    section("About the action", true,
      el("label", { for: "title", text: "Title" }),
      el("input", { id: "title", type: "text", autocomplete: "off" }),
      el("label", { for: "summary", text: "Summary (optional)" }),
      el("textarea", { id: "summary", rows: "2" }),
      el("label", { for: "as_of", text: "Read the law as of (empty: the earliest event's date, else today)" }),
      el("input", { id: "as_of", type: "date", "data-field": "as_of" }),
      el("label", { for: "timezone", text: "Time zone of the event times" }),
      el("input", { id: "timezone", type: "text", autocomplete: "off", spellcheck: "false", "data-field": "timezone" }),
      problemSlot("as_of"), problemSlot("timezone")),
    section("Dates of events", true,
      el("p", { class: "hint", id: "events-hint", text: "Only the events this action's notices count from are shown." }),
      el("label", { class: "inline" }, el("input", { type: "checkbox", id: "all-events" }), "Show every event"),
      v.events.map(eventField)),
    section("Proposed amendments to try", false,
      v.proposals.map((p) => el("div", { class: "proposal" },
        el("label", {}, el("input", { type: "checkbox", id: `p-${p.id}`, value: p.id, "data-proposal": p.id,
          "aria-describedby": `p-${p.id}-summary` }), p.title),
        el("p", { id: `p-${p.id}-summary`, text: p.summary })))),
    [...grouped.entries()].map(([title, defs]) => section(title, false, defs.map(factField))),
    section("Other questions", false, other.map(factField)));
  // Every control fires "input" (radios, boxes and lists too); listening to
  // "change" as well read each of those twice.
  form.addEventListener("input", readField);
  // On leaving a field: a date left half typed fires no input event, and a
  // country typed by name is then written out in full. Other fields were
  // read as they were typed.
  form.addEventListener("focusout", (event) => {
    const t = event.target;
    if (t.type === "date" || t.type === "time" || t.getAttribute("list") === "country-list") readField(event);
  });
}

// Writes one edited control into the draft.
// Shows only the questions whose words match, opening their sections; a
// country's name finds the questions that take a country.
function applyFilter() {
  const needle = document.getElementById("fact-filter").value.trim().toLowerCase();
  const country = needle.length >= 3
    && state.vocabulary.countries.some((c) => c.name.toLowerCase().includes(needle) || c.code.toLowerCase() === needle);
  let shown = 0;
  for (const box of document.querySelectorAll("#all-questions fieldset.fact")) {
    const def = fact(box.dataset.fact);
    const match = !needle || box.querySelector("legend").textContent.toLowerCase().includes(needle)
      || (country && def.kind === "country");
    box.hidden = !match;
    if (match && needle) {
      shown += 1;
      box.closest("details").open = true;
    }
  }
  document.getElementById("filter-result").textContent = needle
    ? `${shown} question${shown === 1 ? "" : "s"} match “${needle}”${country ? " (a country: the questions that take a country)" : ""}.`
    : "";
}

function readField(event) {
  const target = event.target;
  const draft = state.draft;
  if (target.id === "fact-filter") {
    if (event.type === "input") applyFilter();
    return;
  }
  if (target.id === "all-events") {
    showNeededEvents();
    return;
  }
  if (target.id === "title" || target.id === "summary") {
    draft[target.id] = target.value;
    changed({ requery: false }); // cannot change the answer
    return;
  }
  if (target.id === "as_of" || target.id === "timezone") {
    state.invalid.delete(target.id);
    if (target.id === "as_of" && target.validity.badInput) {
      state.invalid.set("as_of", "The as-of date is not complete: give the day, month and year.");
    }
    draft[target.id] = target.value.trim();
    changed();
    return;
  }
  if (target.dataset.proposal) {
    draft.proposals = [...document.querySelectorAll("input[data-proposal]:checked")].map((i) => i.value);
    changed();
    return;
  }
  const eventName = target.dataset.eventDate || target.dataset.eventTime;
  if (eventName) {
    const date = document.getElementById(`e-${eventName}`);
    const time = document.getElementById(`t-${eventName}`);
    const field = `events.${eventName}`;
    state.invalid.delete(field);
    state.marks.delete(field);
    if (date.validity.badInput) state.invalid.set(field, "The date is not complete: give the day, month and year.");
    else if (time.validity.badInput) state.invalid.set(field, "The time is not complete: give hours and minutes, or leave it empty.");
    if (date.value) draft.events[eventName] = time.value ? `${date.value}T${time.value}` : date.value;
    else delete draft.events[eventName];
    changed();
    return;
  }
  const name = target.dataset.known || target.dataset.set || (target.closest(".fact") && target.closest(".fact").dataset.fact);
  if (!name) return;
  const def = fact(name);
  const field = `facts.${name}`;
  state.invalid.delete(field);
  state.marks.delete(field);
  delete draft.skipped[`fact:${name}`];
  let value;
  if (def.kind === "flag") {
    const picked = document.querySelector(`input[name="f-${name}"]:checked`);
    value = picked && picked.value ? picked.value === "true" : undefined;
  } else if (def.kind === "choice_set") {
    if (target.dataset.set && target.checked) document.querySelector(`input[data-known="${name}"]`).checked = true;
    value = document.querySelector(`input[data-known="${name}"]`).checked
      ? [...document.querySelectorAll(`input[data-set="${name}"]:checked`)].map((i) => i.value) : undefined;
  } else if (def.kind === "country") {
    const found = resolveCountry(target.value);
    if (found.code) {
      value = found.code;
      if (event.type !== "input") target.value = countryLabel(found.code);
    } else if (target.value.trim()) state.invalid.set(field, countryProblem(target.value, found.suggestions || []));
  } else if (def.kind === "amount_usd") {
    if (target.value.trim()) {
      value = parseAmount(target.value);
      if (value === null) {
        value = undefined;
        state.invalid.set(field, "Write whole dollars, digits only (commas allowed).");
      }
    }
  } else if (def.kind === "date") {
    if (target.validity.badInput) state.invalid.set(field, "The date is not complete: give the day, month and year.");
    else if (target.value) value = target.value;
  } else {
    value = target.value || undefined;
  }
  if (value === undefined) delete draft.facts[name];
  else draft.facts[name] = value;
  changed();
  if (state.invalid.size) showProblems();
}

// Fills every control of "All questions" from the draft.
function fillAllQuestions() {
  const draft = state.draft;
  document.getElementById("title").value = draft.title;
  document.getElementById("summary").value = draft.summary || "";
  document.getElementById("as_of").value = draft.as_of || "";
  document.getElementById("timezone").value = draft.timezone || "";
  for (const input of document.querySelectorAll("input[data-proposal]")) {
    input.checked = draft.proposals.includes(input.value);
  }
  for (const def of state.vocabulary.events) {
    const [day, time] = (draft.events[def.name] || "").split("T");
    document.getElementById(`e-${def.name}`).value = day || "";
    document.getElementById(`t-${def.name}`).value = time || "";
  }
  for (const def of state.vocabulary.facts) {
    const value = draft.facts[def.name];
    const id = `f-${def.name}`;
    if (def.kind === "flag") {
      const wanted = value === true ? "true" : value === false ? "false" : "";
      for (const radio of document.querySelectorAll(`input[name="${id}"]`)) radio.checked = radio.value === wanted;
    } else if (def.kind === "choice_set") {
      document.querySelector(`input[data-known="${def.name}"]`).checked = Array.isArray(value);
      for (const box of document.querySelectorAll(`input[data-set="${def.name}"]`)) {
        box.checked = Array.isArray(value) && value.includes(box.value);
      }
    } else if (def.kind === "country") {
      document.getElementById(id).value = value ? countryLabel(value) : "";
    } else {
      const control = document.getElementById(id);
      if (control) control.value = value === undefined ? "" : String(value);
    }
  }
  showNeededEvents();
}

// Shows the events the action's notices count from, and any already dated.
function showNeededEvents() {
  const all = document.getElementById("all-events").checked;
  const needed = new Set();
  if (state.assessment) {
    for (const o of state.assessment.outcomes) {
      if (o.status !== "not_required" && o.deadline && o.deadline.anchor) needed.add(o.deadline.anchor);
    }
  }
  for (const box of document.querySelectorAll("fieldset.event")) {
    const name = box.dataset.event;
    const field = `events.${name}`;
    box.hidden = !(all || needed.has(name) || state.draft.events[name]
      || state.marks.has(field) || state.invalid.has(field));
  }
  document.getElementById("events-hint").textContent = needed.size || Object.keys(state.draft.events).length
    ? "Only the events this action's notices count from are shown."
    : "No notice owed so far counts from an event's date.";
}

function setMode(mode) {
  state.mode = mode;
  document.getElementById("mode-interview").setAttribute("aria-pressed", String(mode === "interview"));
  document.getElementById("mode-all").setAttribute("aria-pressed", String(mode === "all"));
  document.getElementById("interview").hidden = mode !== "interview";
  document.getElementById("all-questions").hidden = mode !== "all";
  if (mode === "all") {
    fillAllQuestions();
    showProblems();
  } else {
    renderInterview();
  }
}

// ---- Opening, keeping, starting again ----------------------------------------

function draftFromAction(action, name) {
  const draft = blankDraft();
  draft.title = action.title || draft.title;
  draft.summary = action.summary || "";
  draft.as_of = action.as_of || "";
  draft.timezone = action.timezone || draft.timezone;
  draft.facts = { ...action.facts };
  draft.events = { ...action.events };
  draft.kind = "other";
  draft.bundle = "opened";
  return draft;
}

async function openText(text, name) {
  const box = document.getElementById("open-problems");
  box.hidden = true;
  document.body.dataset.pending = "true";
  try {
    const json = await (await post("/api/open", { text, name })).json();
    loadDraft(draftFromAction(json.action, name), []);
    document.getElementById("saved").textContent = `Opened ${name}. Your answers are kept in this browser only.`;
  } catch (error) {
    const problems = error.diagnostics && error.diagnostics.length ? error.diagnostics : [{ message: error.message }];
    // Load the rest of the file: the lines with a problem left out, each
    // problem then shown at its field.
    const lines = new Set(problems.filter((p) => p.line > 0 && p.field && p.field.includes(".")).map((p) => p.line));
    let loaded = false;
    if (problems.every((p) => p.line > 0 && p.field && p.field.includes("."))) {
      const rest = text.split("\n").filter((_, i) => !lines.has(i + 1)).join("\n");
      try {
        const json = await (await post("/api/open", { text: rest, name })).json();
        loadDraft(draftFromAction(json.action, name), problems);
        loaded = true;
      } catch (_) { /* shown below */ }
    }
    fill(box,
      el("p", { text: loaded
        ? `Opened ${name}, except the values below, which could not be read:`
        : `${name} could not be opened:` }),
      el("ul", {}, problems.map((p) => el("li", { text: `${p.line ? `Line ${p.line}: ` : ""}${plainProblem(p)}` }))));
    box.hidden = false;
    if (loaded) setMode("all");
    else delete document.body.dataset.pending;
  }
}

function loadDraft(draft, marks) {
  state.draft = draft;
  state.forced = null;
  state.invalid.clear();
  state.problems = [];
  state.lastKey = null;
  state.assessment = null;
  // Values of an opened file that could not be read: shown at their fields,
  // not in the draft, and not blocking the answer.
  state.marks = new Map(marks.filter((p) => p.field).map((p) => [p.field, plainProblem(p)]));
  fillAllQuestions();
  save();
  showProblems();
  renderInterview();
  scheduleAssess();
}

function readFile(file) {
  if (!file) return;
  document.body.dataset.pending = "true";
  const reader = new FileReader();
  reader.onload = () => openText(String(reader.result), file.name);
  reader.readAsText(file);
}

async function download(path, name, type) {
  document.getElementById("download-problem").hidden = true;
  try {
    const blob = new Blob([await (await post(path, request({}))).arrayBuffer()], { type });
    const link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (problem) {
    const box = document.getElementById("download-problem");
    box.textContent = `Could not save ${name}: ${plainQuotes(problem.message)}`;
    box.hidden = false;
  }
}

function startAgain() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch (_) { /* nothing kept */ }
  document.getElementById("open-problems").hidden = true;
  loadDraft(blankDraft(), []);
  document.getElementById("saved").textContent = "Started again. Your answers are kept in this browser only.";
}

function checkKinds() {
  for (const kind of KINDS) {
    const names = [...Object.keys(kind.presets), ...kind.topic, ...Object.keys(kind.bundle ? kind.bundle.facts : {})];
    for (const name of names) {
      if (!fact(name)) console.error(`oversight page: the kind "${kind.id}" names "${name}", which is not in the vocabulary`);
    }
  }
}

async function start() {
  try {
    state.vocabulary = await (await fetch("/api/vocabulary")).json();
  } catch (problem) {
    fill(document.getElementById("output"), el("p", { text: `Could not load the rules: ${problem.message}` }));
    return;
  }
  checkKinds();
  document.body.append(el("datalist", { id: "country-list" },
    state.vocabulary.countries.map((c) => el("option", { value: `${c.name} (${c.code})` }))));
  buildAllQuestions();
  const restored = restore();
  state.draft = restored || blankDraft();
  if (restored) document.getElementById("saved").textContent = "Your earlier answers were restored from this browser.";
  fillAllQuestions();

  document.getElementById("mode-interview").addEventListener("click", () => setMode("interview"));
  document.getElementById("mode-all").addEventListener("click", () => setMode("all"));
  document.getElementById("interview").addEventListener("click", () => { state.interacted = true; }, true);
  const fileInput = document.getElementById("file-input");
  document.getElementById("open-file").addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    readFile(fileInput.files[0]);
    fileInput.value = "";
  });
  const pasteToggle = document.getElementById("paste-toggle");
  pasteToggle.addEventListener("click", () => {
    const box = document.getElementById("paste-box");
    box.hidden = !box.hidden;
    pasteToggle.setAttribute("aria-expanded", String(!box.hidden));
    if (!box.hidden) document.getElementById("paste-text").focus();
  });
  document.getElementById("paste-open").addEventListener("click", () =>
    openText(document.getElementById("paste-text").value, "pasted text"));
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    readFile(e.dataTransfer && e.dataTransfer.files[0]);
  });
  const dialog = document.getElementById("confirm-reset");
  document.getElementById("reset").addEventListener("click", () => dialog.showModal());
  document.getElementById("reset-no").addEventListener("click", () => dialog.close());
  document.getElementById("reset-yes").addEventListener("click", () => {
    dialog.close();
    startAgain();
  });
  for (const [id, cls] of [["show-citations", "show-citations"], ["show-ids", "show-ids"]]) {
    document.getElementById(id).addEventListener("change", (e) => document.body.classList.toggle(cls, e.target.checked));
  }
  document.getElementById("download-ron").addEventListener("click",
    () => download("/api/ron", "action.ron", "application/ron"));
  document.getElementById("download-memo").addEventListener("click",
    () => download("/api/memo", "memo.md", "text/markdown"));
  document.getElementById("download-memo-docx").addEventListener("click",
    () => download("/api/memo?format=docx", "memo.docx",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
  document.getElementById("download-ics").addEventListener("click",
    () => download("/api/ics", "deadlines.ics", "text/calendar"));
  // Folded parts of the answer are printed open.
  let folded = [];
  window.addEventListener("beforeprint", () => {
    folded = [...document.querySelectorAll("#output details:not([open])")];
    folded.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => folded.forEach((d) => { d.open = false; }));
  document.body.dataset.pending = "true";
  document.body.dataset.ready = "true";
  await assess();
}

document.addEventListener("DOMContentLoaded", start);
