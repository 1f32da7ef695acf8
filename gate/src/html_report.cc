#include "evsim/gate/html_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "evsim/gate/reports.h"

namespace evsim::gate {
namespace {

using Json = nlohmann::json;

// The page: static HTML and script; the data goes in the JSON block.
constexpr const char* kHead = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>evsim report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.2em;color:#222}
h1{font-size:1.3em} h2{font-size:1.1em;margin-top:1.6em}
.verdict-fail{color:#b00020} .verdict-pass{color:#1b5e20}
table.matrix td,table.matrix th{border:1px solid #ccc;padding:2px 8px;text-align:center}
td.FAIL{background:#fdd} td.pass{background:#dfd} td.ns{color:#888}
.timeline{position:relative;border:1px solid #ccc;background:#fafafa;margin:.5em 0}
.lane{position:relative;height:18px;border-bottom:1px solid #eee}
.lane-name{position:absolute;left:4px;font-size:11px;color:#555;z-index:2}
.tick{position:absolute;top:3px;width:2px;height:12px;background:#78909c;cursor:pointer}
.tick.error{background:#f9a825} .tick.crash{background:#c62828;width:4px}
.tick.restart{background:#6a1b9a;width:4px} .tick.failed{background:#b00020;width:5px}
.marker{position:absolute;top:0;bottom:0;width:2px;z-index:1}
.marker.failing{background:#b00020} .marker.divergent{background:#ef6c00}
.legend span{margin-right:1em;font-size:12px}
pre.failure{background:#fff4f4;border:1px solid #f0c0c0;padding:.6em;white-space:pre-wrap;max-height:16em;overflow:auto}
table.trace{border-collapse:collapse;font:12px ui-monospace,monospace;width:100%}
table.trace td{padding:1px 6px;border-bottom:1px solid #f0f0f0;vertical-align:top}
table.trace td:nth-child(-n+2){white-space:nowrap}
tr.failing td{background:#fdd} tr.divergent td{background:#ffe0b2}
tr.crash td{color:#c62828} tr.hidden{display:none}
.filters{margin:.4em 0} .filters input,.filters select{margin-right:.6em}
</style></head><body>
<h1 id="title"></h1><div id="summary"></div><div id="matrix"></div><div id="runs"></div>
<script type="application/json" id="evsim-data">)HTML";

constexpr const char* kTail = R"HTML(</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("evsim-data").textContent);
const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
document.getElementById("title").textContent = data.title;
const failed = data.runs.filter(r => !r.ok).length;
const verdict = el("p", {class: failed ? "verdict-fail" : "verdict-pass", id: "verdict"},
  data.verdict ? data.verdict
  : failed ? failed + " of " + data.runs.length + " runs failed" : "all " + data.runs.length + " runs held");
document.getElementById("summary").appendChild(verdict);
if (data.matrix) {
  const table = el("table", {class: "matrix", id: "matrix-table"});
  const head = el("tr"); head.appendChild(el("th", {}, "capability"));
  for (const name of data.matrix.invariants) head.appendChild(el("th", {}, name));
  table.appendChild(head);
  for (const row of data.matrix.rows) {
    const tr = el("tr"); tr.appendChild(el("th", {}, row.capability));
    for (const cell of row.cells) {
      const td = el("td", {class: cell.state === "FAIL" ? "FAIL" : cell.state === "pass" ? "pass" : "ns"});
      if (cell.run !== undefined) {
        const a = el("a", {href: "#run-" + cell.run}, cell.state); td.appendChild(a);
      } else td.textContent = cell.state;
      tr.appendChild(td);
    }
    table.appendChild(tr);
  }
  const box = document.getElementById("matrix");
  box.appendChild(el("h2", {}, "Conformance matrix")); box.appendChild(table);
}
const params = new URLSearchParams(location.hash.slice(1));
const lineRe = /^step=(\d+) actor=(\S+) (.*)$/;
function parse(line) {
  const m = lineRe.exec(line);
  if (!m) return {step: -1, actor: "?", text: line, op: "", streams: []};
  const text = m[3];
  const op = text.split(" ")[0];
  const streams = [...text.matchAll(/(?:stream|stream_id)=([^\s,\]]+)/g)].map(x => x[1]);
  let kind = "";
  if (m[2] === "checker" && text.startsWith("FAILED")) kind = "failed";
  else if (op === "crash" || text.includes("io_error, pending")) kind = "crash";
  else if (op === "restart") kind = "restart";
  else if (text.includes("-> error")) kind = "error";
  return {step: +m[1], actor: m[2], text, op, streams, kind};
}
data.runs.forEach((run, index) => {
  const section = el("section", {id: "run-" + index, class: "run"});
  section.appendChild(el("h2", {}, (run.ok ? "✔ " : "✘ ") + run.title));
  if (run.replay) section.appendChild(el("p", {}, "replay: " + run.replay));
  const lines = run.trace.map(parse);
  if (lines.length) {
    const maxStep = Math.max(1, ...lines.map(l => l.step));
    const actors = [...new Set(lines.map(l => l.actor))].sort();
    const timeline = el("div", {class: "timeline", "data-lanes": actors.length});
    const width = 100;
    const pos = step => (2 + (step / maxStep) * (width - 4)) + "%";
    for (const [cls, step] of [["failing", run.failed_step], ["divergent", run.first_divergent_step]]) {
      if (step >= 0) { const m = el("div", {class: "marker " + cls}); m.style.left = pos(step); timeline.appendChild(m); }
    }
    for (const actor of actors) {
      const lane = el("div", {class: "lane", "data-actor": actor});
      lane.appendChild(el("span", {class: "lane-name"}, actor));
      lines.forEach((l, i) => {
        if (l.actor !== actor) return;
        const t = el("div", {class: "tick " + l.kind, title: "step " + l.step + ": " + l.text});
        t.style.left = pos(l.step);
        t.onclick = () => document.getElementById("line-" + index + "-" + i).scrollIntoView();
        lane.appendChild(t);
      });
      timeline.appendChild(lane);
    }
    section.appendChild(timeline);
    const legend = el("div", {class: "legend"});
    for (const [c, t] of [["#c62828", "crash"], ["#6a1b9a", "restart"], ["#f9a825", "error answer"],
                          ["#b00020", "failing step"], ["#ef6c00", "first divergent step"]]) {
      const s = el("span", {}, "■ " + t); s.style.color = c; legend.appendChild(s);
    }
    section.appendChild(legend);
    if (!run.ok) section.appendChild(el("pre", {class: "failure"}, run.failure));
    if (run.trace_is_partial) section.appendChild(el("p", {}, "the trace's last lines before the failure; `evsim replay` writes all of it"));
    const filters = el("div", {class: "filters"});
    const search = el("input", {type: "search", placeholder: "search the trace", class: "q"});
    const opSelect = el("select", {class: "op"}); opSelect.appendChild(el("option", {value: ""}, "every operation"));
    for (const op of [...new Set(lines.map(l => l.op))].sort()) opSelect.appendChild(el("option", {value: op}, op));
    const streamSelect = el("select", {class: "stream"}); streamSelect.appendChild(el("option", {value: ""}, "every stream"));
    for (const s of [...new Set(lines.flatMap(l => l.streams))].sort()) streamSelect.appendChild(el("option", {value: s}, s));
    filters.append(search, opSelect, streamSelect);
    const shown = el("span", {class: "shown"}); filters.appendChild(shown);
    section.appendChild(filters);
    const table = el("table", {class: "trace"});
    lines.forEach((l, i) => {
      const cls = [l.step === run.failed_step && l.kind === "failed" ? "failing" : "",
                   l.step === run.first_divergent_step ? "divergent" : "", l.kind === "crash" ? "crash" : ""].join(" ").trim();
      const tr = el("tr", {id: "line-" + index + "-" + i, class: cls, "data-op": l.op, "data-streams": l.streams.join(" ")});
      tr.appendChild(el("td", {}, l.step)); tr.appendChild(el("td", {}, l.actor)); tr.appendChild(el("td", {}, l.text));
      table.appendChild(tr);
    });
    section.appendChild(table);
    const apply = () => {
      const q = search.value.toLowerCase(), op = opSelect.value, stream = streamSelect.value;
      let count = 0;
      table.querySelectorAll("tr").forEach((tr, i) => {
        const l = lines[i];
        const show = (!q || (l.actor + " " + l.text).toLowerCase().includes(q)) && (!op || l.op === op) &&
                     (!stream || l.streams.includes(stream));
        tr.classList.toggle("hidden", !show); if (show) count++;
      });
      shown.textContent = count + " of " + lines.length + " lines";
    };
    search.value = params.get("q") || ""; opSelect.value = params.get("op") || ""; streamSelect.value = params.get("stream") || "";
    search.oninput = opSelect.onchange = streamSelect.onchange = apply;
    apply();
  }
  if (!lines.length && !run.ok) section.appendChild(el("pre", {class: "failure"}, run.failure));
  document.getElementById("runs").appendChild(section);
});
document.body.setAttribute("data-ready", "yes");
</script></body></html>
)HTML";

std::string CellText(CellState state) {
  switch (state) {
    case CellState::kPass:
      return "pass";
    case CellState::kFail:
      return "FAIL";
    case CellState::kNotSupported:
      return "n/s";
    case CellState::kNotApplicable:
      return "";
    case CellState::kNotTestable:
      return "n/t";
    case CellState::kNotExercised:
      return "not run";
  }
  return "";
}

}  // namespace

std::string RenderHtml(const std::string& title, const std::vector<HtmlRun>& runs,
                       const GateReport* gate_report) {
  Json data{{"title", title}, {"runs", Json::array()}};
  for (const HtmlRun& run : runs) {
    data["runs"].push_back(Json{{"title", run.title},
                                {"ok", run.ok},
                                {"failure", run.failure},
                                {"replay", run.replay},
                                {"failed_step", run.failed_step},
                                {"first_divergent_step", run.first_divergent_step},
                                {"trace", run.trace},
                                {"trace_is_partial", run.trace_is_partial}});
  }
  if (gate_report != nullptr) {
    const auto failed = std::count_if(gate_report->runs.begin(), gate_report->runs.end(),
                                      [](const SeedRecord& run) { return !run.ok; });
    data["verdict"] = std::string(gate_report->ExitCode() == 0 ? "PASS" : "FAIL") + ": " +
                      std::to_string(gate_report->runs.size()) + " seeds, " +
                      std::to_string(failed) + " failed, " +
                      std::to_string(gate_report->TotalSteps()) + " steps, " +
                      std::to_string(gate_report->TotalCrashes()) + " crashes";
    Json matrix{{"invariants", Json::array()}, {"rows", Json::array()}};
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      matrix["invariants"].push_back(sim::InvariantName(static_cast<sim::Invariant>(index)));
    }
    for (Capability capability : kAllCapabilities) {
      Json row{{"capability", CapabilityName(capability)}, {"cells", Json::array()}};
      for (int index = 0; index < sim::kInvariantCount; ++index) {
        const auto invariant = static_cast<sim::Invariant>(index);
        Json cell{{"state", CellText(gate_report->State(capability, invariant))}};
        const CellOutcome& outcome = gate_report->Cell(capability, invariant);
        if (outcome.failure) {
          // The link goes to the run of that failure on this page.
          for (std::size_t run = 0; run < runs.size(); ++run) {
            if (runs[run].replay == outcome.failure->replay) cell["run"] = run;
          }
        }
        row["cells"].push_back(std::move(cell));
      }
      matrix["rows"].push_back(std::move(row));
    }
    data["matrix"] = std::move(matrix);
  }
  // Invalid UTF-8 in a trace becomes U+FFFD rather than an exception; "</" may not appear
  // inside a script element, and "<\/" is the same JSON string.
  std::string json = data.dump(-1, ' ', false, Json::error_handler_t::replace);
  for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3)) {
    json.replace(at, 2, "<\\/");
  }
  return std::string(kHead) + json + kTail;
}

}  // namespace evsim::gate
