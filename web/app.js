// The oversight page: a form built from GET /api/vocabulary, results from
// POST /api/assess on every change. Plain DOM, no libraries, nothing fetched
// from anywhere but this server. All text from the server is inserted as
// text, never as HTML.
"use strict";

const state = { vocabulary: null, serial: 0, timer: null };

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

const words = (name) => name.replaceAll("_", " ");

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let message = `the server answered ${response.status}`;
    try {
      message = (await response.json()).error || message;
    } catch (_) { /* keep the status line */ }
    throw new Error(message);
  }
  return response;
}

// ---- The form -----------------------------------------------------------

function factControl(fact) {
  const id = `f-${fact.name}`;
  const unknown = "Don't know";
  switch (fact.kind) {
    case "flag": {
      const options = [["", unknown], ["true", "Yes"], ["false", "No"]];
      return el("div", { class: "choices", role: "radiogroup", "aria-labelledby": `${id}-q` },
        ...options.map(([value, label]) => el("label", {},
          el("input", { type: "radio", name: id, value, checked: value === "" }), label)));
    }
    case "choice":
      return el("select", { id, name: id, "aria-labelledby": `${id}-q` },
        el("option", { value: "", text: unknown }),
        ...fact.values.map((v) => el("option", { value: v, text: words(v) })));
    case "choice_set": {
      const known = el("input", { type: "checkbox", name: `${id}-known`, "data-known": fact.name });
      return el("div", {},
        el("label", {}, known, "I know the full list (an empty list means none)"),
        el("div", { class: "choices", role: "group", "aria-labelledby": `${id}-q` },
          ...fact.values.map((v) => el("label", {},
            el("input", { type: "checkbox", name: id, value: v, "data-set": fact.name }), words(v)))));
    }
    case "country":
      return el("input", { id, name: id, type: "text", list: "countries", maxlength: 3, size: 5,
        autocomplete: "off", spellcheck: "false", "aria-labelledby": `${id}-q`,
        "aria-describedby": `${id}-help`, placeholder: "e.g. GBR" });
    case "amount_usd":
      return el("input", { id, name: id, type: "number", min: 0, step: 1, inputmode: "numeric",
        "aria-labelledby": `${id}-q`, "aria-describedby": `${id}-help` });
    case "date":
      return el("input", { id, name: id, type: "date", "aria-labelledby": `${id}-q` });
    default:
      return el("p", { text: `(no control for a ${fact.kind} fact)` });
  }
}

function factHelp(fact) {
  const help = {
    country: "ISO 3166-1 alpha-3 code, as in a REL TO marking; empty means don't know.",
    amount_usd: "Whole U.S. dollars; empty means don't know.",
    date: "Empty means don't know.",
  }[fact.kind];
  return help ? el("p", { class: "meta", id: `f-${fact.name}-help`, text: help }) : null;
}

function buildFacts(vocabulary) {
  const list = document.getElementById("fact-list");
  for (const fact of vocabulary.facts) {
    const id = `f-${fact.name}`;
    list.append(el("fieldset", { class: "fact", id: `fact-${fact.name}`, "data-fact": fact.name },
      el("legend", { id: `${id}-q`, text: fact.question }),
      el("p", { class: "meta" }, el("code", { text: fact.name }),
        fact.cite ? ` · ${fact.cite}` : ""),
      factHelp(fact),
      factControl(fact)));
  }
  const codes = new Set();
  for (const group of vocabulary.country_groups) group.members.forEach((c) => codes.add(c));
  document.body.append(el("datalist", { id: "countries" },
    ...[...codes].sort().map((c) => el("option", { value: c }))));
}

function buildEvents(vocabulary) {
  const box = document.getElementById("events");
  for (const event of vocabulary.events) {
    const id = `e-${event.name}`;
    box.append(el("label", { for: id }, `Date and time of ${event.label} `,
      el("code", { text: event.name })),
      el("input", { id, name: id, type: "datetime-local", "data-event": event.name }));
  }
}

function buildProposals(vocabulary) {
  const box = document.getElementById("proposals");
  for (const proposal of vocabulary.proposals) {
    const id = `p-${proposal.id}`;
    box.append(el("div", { class: "proposal" },
      el("label", { for: id },
        el("input", { type: "checkbox", id, value: proposal.id, "data-proposal": proposal.id,
          "aria-describedby": `${id}-summary` }),
        proposal.title),
      el("p", { id: `${id}-summary`, text: proposal.summary })));
  }
}

function readAction() {
  const form = document.getElementById("action-form");
  const action = { title: document.getElementById("title").value, facts: {}, events: {} };
  const asOf = document.getElementById("as_of").value;
  if (asOf) action.as_of = asOf;
  const zone = document.getElementById("timezone").value.trim();
  if (zone) action.timezone = zone;
  for (const fact of state.vocabulary.facts) {
    const id = `f-${fact.name}`;
    let value = null;
    if (fact.kind === "flag") {
      const picked = form.querySelector(`input[name="${id}"]:checked`);
      if (picked && picked.value) value = picked.value === "true";
    } else if (fact.kind === "choice_set") {
      if (form.querySelector(`input[data-known="${fact.name}"]`).checked) {
        value = [...form.querySelectorAll(`input[data-set="${fact.name}"]:checked`)].map((i) => i.value);
      }
    } else {
      const text = document.getElementById(id).value.trim();
      if (text) {
        if (fact.kind === "amount_usd") value = /^\d+$/.test(text) ? Number(text) : text;
        else if (fact.kind === "country") value = text.toUpperCase();
        else value = text;
      }
    }
    if (value !== null) action.facts[fact.name] = value;
  }
  for (const input of form.querySelectorAll("input[data-event]")) {
    if (input.value) action.events[input.dataset.event] = input.value.slice(0, 16);
  }
  return action;
}

const readProposals = () =>
  [...document.querySelectorAll("input[data-proposal]:checked")].map((i) => i.value);

const request = (extra) => ({ action: readAction(), proposals: readProposals(), ...extra });

// ---- The results --------------------------------------------------------

const STATUS = {
  required: ["required", "● REQUIRED"],
  depends: ["depends", "◐ DEPENDS on facts not given"],
  not_required: ["", "○ not required"],
  not_encoded: ["not-encoded", "◌ NOT ENCODED for this date: check by hand"],
};

function deadlineText(deadline) {
  if (!deadline) return null;
  let text = deadline.due_text ? `${deadline.due_text} (${deadline.rule})` : deadline.rule;
  if (deadline.missing) text += `; no date yet: ${deadline.missing}`;
  if (deadline.repeats_every_days) text += `; repeats every ${deadline.repeats_every_days} days`;
  return text;
}

function bodyName(id) {
  const body = state.vocabulary.bodies.find((b) => b.id === id);
  return body ? body.short : id;
}

function explainButton(rule) {
  const box = el("pre", { class: "explanation", hidden: true, tabindex: "-1" });
  const button = el("button", { type: "button", "aria-expanded": "false",
    "data-explain": rule,
    onclick: async () => {
      if (!box.hidden) {
        box.hidden = true;
        button.setAttribute("aria-expanded", "false");
        return;
      }
      box.textContent = "Explaining…";
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      try {
        box.textContent = await (await post("/api/explain", request({ rule }))).text();
      } catch (error) {
        box.textContent = error.message;
      }
    } }, `Explain ${rule}`);
  return [button, box];
}

function obligationCard(outcome) {
  const [cls, label] = STATUS[outcome.status] || ["", outcome.status];
  const to = outcome.to.length ? outcome.to.map(bodyName).join(", ") : null;
  return el("article", { class: "obligation", "data-rule": outcome.rule },
    el("h4", {}, el("span", { class: `badge ${cls}`, text: label }), ` ${outcome.citation} `,
      el("span", { class: "tag", title: "confidence", text: outcome.confidence })),
    el("p", { text: outcome.says }),
    to ? el("p", {}, el("strong", { text: "Tell: " }), `${to}${outcome.recipients ? ` (${outcome.recipients})` : ""}`) : null,
    outcome.by ? el("p", {}, el("strong", { text: "By: " }), outcome.by) : null,
    outcome.deadline ? el("p", { class: "deadline" }, el("strong", { text: "When: " }), deadlineText(outcome.deadline)) : null,
    outcome.form ? el("p", {}, el("strong", { text: "Form: " }), outcome.form) : null,
    outcome.status === "depends" && outcome.reason && outcome.reason.facts
      ? el("p", {}, el("strong", { text: "Depends on: " }), outcome.reason.facts.map(words).join(", "))
      : null,
    outcome.status === "not_encoded" && outcome.reason
      ? el("p", {}, el("strong", { text: "Not encoded: " }),
        `the law of ${outcome.reason.judged_at} is not encoded (the encoding of ${outcome.reason.rule} starts on ${outcome.reason.horizon}); check it by hand`)
      : null,
    outcome.law_of && outcome.law_of.basis === "event"
      ? el("p", { class: "meta" }, `Judged by the law of ${outcome.law_of.date} (${outcome.law_of.event}).`)
      : null,
    outcome.source !== "law" ? el("p", {}, el("strong", { text: "From proposal: " }), outcome.source) : null,
    ...explainButton(outcome.rule));
}

function section(title, items, empty) {
  return [el("h3", { text: title }),
    items.length ? el("div", {}, ...items) : el("p", { class: "hint", text: empty })];
}

// "National Security Act of 1947 §503(c)(1), 50 U.S.C. 3093(c)(1)" -> "50 U.S.C. 3093(c)(1)":
// the table keeps to the Code citation; each notice below gives the full one.
function codeCitation(citation) {
  const comma = citation.lastIndexOf(", ");
  const tail = comma < 0 ? citation : citation.slice(comma + 2);
  return tail.includes("U.S.C.") ? tail : citation;
}

function bodiesTable(bodies, outcomes) {
  const citation = new Map(outcomes.map((o) => [o.rule, o.citation]));
  const owed = bodies.filter((b) => b.obligations.some((o) => o.status !== "not_required"));
  if (!owed.length) return el("p", { class: "hint", text: "No body must be told on these facts." });
  return el("table", { id: "bodies" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Body" }),
      el("th", { scope: "col", text: "Status" }), el("th", { scope: "col", text: "Earliest deadline" }),
      el("th", { scope: "col", text: "Under" }))),
    el("tbody", {}, ...owed.map((b) => {
      const byHand = b.obligations.every((o) => o.status === "not_encoded");
      const [cls, label] = b.required ? STATUS.required : byHand ? STATUS.not_encoded : STATUS.depends;
      return el("tr", { "data-body": b.id },
        el("th", { scope: "row" }, `${b.short} `, el("span", { class: "meta", text: b.name })),
        el("td", {}, el("span", { class: `badge ${cls}`, text: label })),
        el("td", { text: b.earliest_due || "—" }),
        el("td", { text: [...new Set(b.obligations.filter((o) => o.status !== "not_required")
          .map((o) => codeCitation(citation.get(o.rule) || o.rule) +
            (o.status === "depends" ? " (depends)" : o.status === "not_encoded" ? " (not encoded)" : "")))].join("; ") }));
    })));
}

function questionList(questions) {
  document.querySelectorAll(".fact.open-question").forEach((f) => f.classList.remove("open-question"));
  if (!questions.length) return el("p", { class: "hint", text: "None: the facts given decide every rule." });
  return el("ol", { class: "questions" }, ...questions.map((q) => {
    const field = document.getElementById(`fact-${q.fact}`);
    if (field) field.classList.add("open-question");
    return el("li", {}, el("button", { type: "button", "data-question": q.fact,
      onclick: () => jumpTo(q.fact) },
      `${q.question} `, el("span", { class: "meta", text: `(decides ${q.decides} rule${q.decides === 1 ? "" : "s"}: ${q.matters_for.join(", ")})` })));
  }));
}

function jumpTo(factName) {
  const filter = document.getElementById("fact-filter");
  if (filter.value) {
    filter.value = "";
    applyFilter();
  }
  const field = document.getElementById(`fact-${factName}`);
  if (!field) return;
  field.scrollIntoView({ block: "center" });
  const control = field.querySelector("input, select");
  if (control) control.focus();
}

function renderChanges(diff) {
  const changes = diff.scenarios.flatMap((s) => s.changes);
  if (!changes.length) return [el("h3", { text: "What the proposals change" }),
    el("p", { class: "hint", text: "Nothing, for this action." })];
  return [el("h3", { text: `What the proposals change (${diff.verdict})` }),
    el("ul", { class: "changes" }, ...changes.map((c) => el("li", { "data-change": c.rule },
      el("strong", { text: `${c.change}: ` }), `${c.rule}, ${c.citation}`,
      c.after && c.after.to ? ` → ${c.after.to.map(bodyName).join(", ")}` : "",
      c.after && c.after.due_text ? `, ${c.after.due_text}` : "")))];
}

// The bottom line, as the CLI prints it: counts, who to tell now and by
// when, who may have to be told, gates and prohibitions, terms, contradictions.
function bottomLine(summary) {
  const n = (k) => `${k} obligation${k === 1 ? "" : "s"}`;
  const group = (g, k) => `${g.names} (${n(k)}${g.ids.length > 1 ? " each" : ""})`;
  const items = [`${n(summary.required)} required · ${summary.depends} depend on open facts`];
  items.push(summary.tell.length
    ? `Tell now: ${summary.tell.map((g) => group(g, g.required)).join("; ")}` +
      (summary.earliest ? `; earliest deadline ${summary.earliest.due} (${summary.earliest.citation})` : "")
    : "Tell now: no committee or member is owed a specific notice on the facts given.");
  if (summary.may_tell.length) {
    items.push(`May also have to tell, depending on open facts: ${summary.may_tell.map((g) => group(g, g.depends)).join("; ")}`);
  }
  items.push(...summary.barriers);
  if (summary.barriers_may_apply.length) {
    items.push(`${summary.barriers_may_apply.length} gate(s) or prohibition(s) may apply, depending on open facts`);
  }
  if (summary.terms_applied.length) items.push(`Terms that applied: ${summary.terms_applied.join("; ")}`);
  items.push(...summary.contradictions.map((c) => `Contradictory facts: ${c}`));
  if (summary.top_question) {
    items.push(`Most decisive open question: ${summary.top_question.question}`);
  }
  return el("ul", { id: "bottom-line" }, ...items.map((text) => el("li", { text })));
}

function render(assessment, diff) {
  const owed = (o) => o.status !== "not_required";
  const notices = assessment.outcomes.filter((o) => o.kind === "notice" && owed(o));
  const limits = assessment.outcomes.filter((o) => (o.kind === "gate" || o.kind === "prohibition") && owed(o));
  const duties = assessment.outcomes.filter((o) => (o.kind === "standing_duty" || o.kind === "duty") && owed(o));
  const output = document.getElementById("output");
  output.replaceChildren(
    el("h3", { text: "Bottom line" }), bottomLine(assessment.summary),
    el("h3", { text: "Bodies to tell" }), bodiesTable(assessment.bodies, assessment.outcomes),
    ...section("Notices", notices.map(obligationCard), "No notice is owed on these facts."),
    ...section("Gates and prohibitions", limits.map(obligationCard), "None applies on these facts."),
    ...section("Standing duties", duties.map(obligationCard), "None applies on these facts."),
    ...(diff ? renderChanges(diff) : []),
    el("h3", { text: "Open questions (answer these to settle the result)" }),
    questionList(assessment.questions));
  const required = notices.filter((o) => o.status === "required").length;
  const depends = notices.filter((o) => o.status === "depends").length;
  const unencoded = notices.filter((o) => o.status === "not_encoded").length;
  document.getElementById("status").textContent =
    `As of ${assessment.as_of.date} (${assessment.as_of.source}): ${required} notice${required === 1 ? "" : "s"} required, ` +
    `${depends} depending on facts not given, ` +
    (unencoded ? `${unencoded} not encoded for ${unencoded === 1 ? "its" : "their"} date (check by hand), ` : "") +
    `${assessment.questions.length} open question${assessment.questions.length === 1 ? "" : "s"}.`;
}

async function assess() {
  const serial = ++state.serial;
  const error = document.getElementById("error");
  try {
    const body = request({});
    const assessment = await (await post("/api/assess", body)).json();
    const diff = body.proposals.length ? await (await post("/api/diff", body)).json() : null;
    if (serial !== state.serial) return; // a newer change is on its way
    error.hidden = true;
    render(assessment, diff);
  } catch (problem) {
    if (serial !== state.serial) return;
    error.textContent = problem.message;
    error.hidden = false;
    document.getElementById("status").textContent = "The action has a problem; see below.";
  }
}

function scheduleAssess() {
  clearTimeout(state.timer);
  state.timer = setTimeout(assess, 200);
}

function applyFilter() {
  const needle = document.getElementById("fact-filter").value.trim().toLowerCase();
  for (const field of document.querySelectorAll(".fact")) {
    field.hidden = needle !== "" && !field.textContent.toLowerCase().includes(needle);
  }
}

async function download(path, name, type) {
  try {
    const blob = new Blob([await (await post(path, request({}))).text()], { type });
    const link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (problem) {
    const error = document.getElementById("error");
    error.textContent = problem.message;
    error.hidden = false;
  }
}

async function start() {
  try {
    const response = await fetch("/api/vocabulary");
    state.vocabulary = await response.json();
  } catch (problem) {
    document.getElementById("status").textContent = `Could not load the rules: ${problem.message}`;
    return;
  }
  document.getElementById("timezone").value = state.vocabulary.default_timezone;
  buildEvents(state.vocabulary);
  buildProposals(state.vocabulary);
  buildFacts(state.vocabulary);
  const form = document.getElementById("action-form");
  form.addEventListener("input", (event) => {
    if (event.target.id !== "fact-filter") scheduleAssess();
  });
  form.addEventListener("change", (event) => {
    const known = event.target.dataset && event.target.dataset.set;
    if (known && event.target.checked) {
      form.querySelector(`input[data-known="${known}"]`).checked = true;
    }
    if (event.target.id !== "fact-filter") scheduleAssess();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      document.getElementById("timezone").value = state.vocabulary.default_timezone;
      applyFilter();
      scheduleAssess();
    }, 0);
  });
  document.getElementById("fact-filter").addEventListener("input", applyFilter);
  document.getElementById("download-ron").addEventListener("click",
    () => download("/api/ron", "action.ron", "application/ron"));
  document.getElementById("download-memo").addEventListener("click",
    () => download("/api/memo", "memo.md", "text/markdown"));
  document.getElementById("download-ics").addEventListener("click",
    () => download("/api/ics", "deadlines.ics", "text/calendar"));
  document.body.dataset.ready = "true";
  await assess();
}

document.addEventListener("DOMContentLoaded", start);
