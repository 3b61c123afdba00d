// The kinds of action the page's interview starts with, and the groups of
// its "All questions" view. Data only: app.js reads KINDS and GROUPS.
// Edit here to change what the interview asks first; every fact name must
// be in the vocabulary (rules/vocabulary.ron), or the page reports it in the
// browser's console and the browser test fails.
"use strict";

// The interview's first question. A kind sets only the facts its name
// states (a covert-action finding is an approved finding for an
// intelligence activity), may offer a statutory definition to confirm in one
// step, and names the facts asked first; everything else follows in the
// engine's ranking. Fact names are checked against the vocabulary when the
// page starts (an unknown name is reported in the console and ignored).
const KINDS = [
  {
    id: "covert",
    label: "A covert-action finding",
    hint: "The President approves, or has approved, a finding for a covert action.",
    presets: { intelligence_activity: true, finding_approved: true },
    bundle: {
      question: "Is this a covert action as the statute defines it?",
      why: "The finding and its reports are owed only for a covert action. The statute defines one by two tests and a list of exclusions; answered one by one, they take seven questions.",
      facts: {
        influences_conditions_abroad: true,
        us_role_hidden: true,
        primary_purpose_intelligence: false,
        traditional_diplomatic_or_military: false,
        traditional_law_enforcement: false,
        routine_support_to_overt_activity: false,
        clandestine_military_cyber_operation: false,
      },
    },
    topic: ["access_limited", "prior_notice_withheld", "oral_emergency_finding",
      "finding_covers_past_action", "past_action_only_since_emergency_decision",
      "violates_constitution_or_statute", "aims_to_influence_us_politics"],
  },
  {
    id: "rel_to",
    label: "A change to a REL TO marking",
    hint: "A country is added to, or removed from, the countries a product may be released to.",
    presets: { intelligence_activity: true, sharing_channel: "rel_to_marking" },
    topic: ["rel_to_change", "recipient_country", "rel_to_scope", "intelligence_types",
      "recipient_body", "acting_agency"],
  },
  {
    id: "pause",
    label: "A pause or curtailment of intelligence sharing",
    hint: "Sharing with, or support to, a foreign partner is paused, reduced or cut.",
    presets: { intelligence_activity: true, sharing_paused_or_curtailed: true },
    topic: ["recipient_country", "recipient_body", "sharing_channel", "acting_agency",
      "recipient_at_war"],
  },
  {
    id: "dod",
    label: "A Department of Defense operation",
    hint: "A military operation, including a cyber operation or support to a foreign force.",
    presets: {},
    topic: ["title_10_operation", "targeted_lethal_or_capture_operation", "operation_conducted_by",
      "operation_country", "military_cyber_operation_outside_hostilities",
      "sensitive_operation_disclosed", "counterterrorism_support_127e", "support_127e_step",
      "dod_funds_used"],
  },
  {
    id: "liaison",
    label: "A liaison arrangement with a foreign service",
    hint: "Opening or changing a channel for exchanging intelligence with a foreign service.",
    presets: { intelligence_activity: true, sharing_channel: "liaison_exchange" },
    topic: ["recipient_country", "recipient_body", "opens_regular_liaison_channel",
      "sharing_arrangement_form", "acting_agency", "intelligence_types"],
  },
  {
    id: "other",
    label: "Something else",
    hint: "Every question, most decisive first.",
    presets: {},
    topic: [],
  },
];

// The "All questions" view groups the facts by the kinds that ask them first.
const GROUPS = [
  { title: "Covert action", kinds: ["covert"] },
  { title: "Sharing, REL TO and liaison", kinds: ["rel_to", "pause", "liaison"] },
  { title: "Defense operations", kinds: ["dod"] },
];
