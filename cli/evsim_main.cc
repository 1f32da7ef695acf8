// evsim: the command line.
//   evsim run      scenarios against a target in lockstep with the reference model
//   evsim replay   one seed with its full trace
//   evsim gate     the conformance suite: a matrix of capability by invariant, JUnit, Markdown
//   evsim merge-reports   the JSON reports of a sharded gate, merged into the whole suite's
//   evsim serve    a built-in store over the wire protocol, for `--adapter exec:...`
// Exit codes: 0 all held, 1 an invariant broke (or determinism failed), 2 bad input or an
// adapter that broke the protocol.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "commands.h"

namespace evsim::cli {
namespace {

void AddTargetOptions(CLI::App& command, TargetArguments& target, const char* work_help) {
  command.add_option("--adapter", target.adapter,
                     "What to test: store (default), model, mutant:NAME or exec:COMMAND");
  command.add_option("--inject-bug", target.inject_bug,
                     "Test-only store bug (the same as --adapter mutant:NAME)")
      ->check(CLI::IsMember(targets::MutantNames()));
  command.add_option("--request-timeout", target.request_timeout,
                     "exec: how long one request may take (default 10s)");
  command.add_option("--startup-timeout", target.startup_timeout,
                     "exec: how long the adapter may take to answer hello (default 20s)");
  command.add_option("--max-line-bytes", target.line_bytes_max,
                     "exec: the longest line an adapter may send (default 64 MiB)");
  command.add_option("--work-dir", target.work_directory, work_help);
  command.add_option("--seed-timeout", target.seed_timeout,
                     "How long one seed may run before it is stopped and reported (default 300s)");
  command.add_option("--memory-limit", target.memory_limit_mib,
                     "MiB one seed's run may allocate before it is stopped and reported "
                     "(default 8192)");
}

}  // namespace
}  // namespace evsim::cli

int main(int argc, char** argv) {
  using namespace evsim::cli;
  CLI::App app{"evsim: deterministic simulation and property testing for event stores"};
  app.require_subcommand(1);

  RunArguments run_arguments;
  run_arguments.suite = DefaultSuite();
  CLI::App* run = app.add_subcommand(
      "run",
      "Run scenarios against a target in lockstep with the model; with no scenario arguments the "
      "default suite (scenarios/smoke and scenarios/edges, round-robin, 600 seeds)");
  run->add_option("scenarios", run_arguments.scenarios, "Scenario YAML files")
      ->check(CLI::ExistingFile);
  auto* seed_option = run->add_option("--seed", run_arguments.seed, "Run only this seed");
  run->add_option("--seeds", run_arguments.seeds, "Run seeds A..B")->excludes(seed_option);
  run->add_option("--steps", run_arguments.steps, "Override the scenario's step count");
  run->add_flag("--check-determinism", run_arguments.check_determinism,
                "Run each seed twice and compare digests");
  run->add_option("--emit-regression", run_arguments.regression_path,
                  "Shrink the first failure and write it as an ops: scenario");
  run->add_flag("--pin", run_arguments.pin,
                "Record each scenario's outcome and trace digest in its expect: block");
  run->add_option("--html", run_arguments.html_path,
                  "Write an HTML report here: each failure with its timeline and trace");
  run->add_option("--shard", run_arguments.shard,
                  "Run shard K of N (K/N, from 1): N jobs together run exactly the runs of the "
                  "unsharded command");
  run->add_flag("--probes", run_arguments.probes,
                "After the run, print how often each of the store's code probes fired");
  run->add_option("--budget", run_arguments.budget,
                  "The default suite's budget: seeds (600, the default: the same runs on every "
                  "machine) or seconds (60s: the same order of seeds, cut when the time is up)");
  run->add_option("--suite", run_arguments.suite,
                  "The scenario root (its smoke/ and edges/ are the default suite)")
      ->check(CLI::ExistingDirectory);
  AddTargetOptions(*run, run_arguments.target,
                   "exec: where each seed's data directory goes (default: a temp directory)");

  ReplayArguments replay_arguments;
  CLI::App* replay = app.add_subcommand("replay", "Rerun one seed and write its full trace");
  replay->add_option("scenario", replay_arguments.scenario, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  replay->add_option("--seed", replay_arguments.seed, "The seed to replay")->required();
  replay->add_option("--steps", replay_arguments.steps, "Override the scenario's step count");
  replay->add_option("--trace", replay_arguments.trace_path, "Where to write the trace");
  replay->add_option("--html", replay_arguments.html_path,
                     "Write an HTML report of the run here: timeline, searchable trace, failure");
  AddTargetOptions(*replay, replay_arguments.target,
                   "exec: where the data directory goes (default: a temp directory)");

  GateArguments gate_arguments;
  gate_arguments.suite = DefaultSuite();
  CLI::App* gate = app.add_subcommand(
      "gate", "Judge a store against the SPEC: the conformance matrix, exit 0/1/2");
  gate->add_option("--budget", gate_arguments.budget,
                   "Seeds (200) or seconds (60s) to spend; default 45s (with --self-test: the "
                   "default suite's seeds per mutant, default 600)");
  gate->add_flag("--self-test", gate_arguments.self_test,
                 "Run the default suite against every public mutant (mutant:NAME) and print the "
                 "kill table; exit 1 if any survives");
  gate->add_option("--mutant-time", gate_arguments.mutant_time,
                   "--self-test: start no seed after this long per mutant (default 60s)");
  gate->add_option("--tiers", gate_arguments.tiers,
                   "Comma-separated scenario tiers (folders of the suite)");
  gate->add_option("--junit", gate_arguments.junit_path, "Write JUnit XML here");
  gate->add_option("--markdown", gate_arguments.markdown_path,
                   "Write a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)");
  gate->add_option("--shrink-time", gate_arguments.shrink_time,
                   "Time to spend shrinking each failure (default 60s; --self-test: 5s)");
  gate->add_option("--html", gate_arguments.html_path,
                   "Write an HTML report here: the matrix, each failure with its timeline");
  gate->add_option("--json", gate_arguments.json_path,
                   "Write the report as JSON here, for evsim merge-reports");
  gate->add_option("--shard", gate_arguments.shard,
                   "Run shard K of N (K/N, from 1) of the schedule; merge the shards' --json "
                   "reports with evsim merge-reports");
  gate->add_flag("--probes", gate_arguments.probes,
                 "After the matrix, print how often each of the store's code probes fired");
  gate->add_option("--suite", gate_arguments.suite, "The scenario root")
      ->check(CLI::ExistingDirectory);
  AddTargetOptions(*gate, gate_arguments.target,
                   "Where kept data and regression scenarios go (default ./evsim-gate)");

  MergeReportsArguments merge_arguments;
  CLI::App* merge = app.add_subcommand(
      "merge-reports", "Merge the --json reports of a sharded gate into one matrix, JUnit, Markdown");
  merge->add_option("reports", merge_arguments.reports, "The shards' JSON reports")
      ->required()
      ->check(CLI::ExistingFile);
  merge->add_option("--junit", merge_arguments.junit_path, "Write the merged JUnit XML here");
  merge->add_option("--markdown", merge_arguments.markdown_path,
                    "Write the merged Markdown summary here");
  merge->add_option("--json", merge_arguments.json_path, "Write the merged JSON report here");

  ServeArguments serve_arguments;
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve a built-in store over the wire protocol on stdin/stdout");
  serve->add_option("kind", serve_arguments.kind, "store, sqlite or model")
      ->required()
      ->check(CLI::IsMember({"store", "sqlite", "model"}));
  serve->add_option("--dir", serve_arguments.directory,
                    "Where the store's files go (default: hello's data_dir)");
  serve->add_option("--max-line-bytes", serve_arguments.line_bytes_max,
                    "The longest request line (default 64 MiB)");

  // CLI11 would take an unknown first word for a stray argument; name it as what it is.
  const std::string first = argc > 1 ? argv[1] : "";
  if (!first.empty() && first[0] != '-' && first != "run" && first != "replay" && first != "gate" &&
      first != "merge-reports" && first != "serve") {
    std::fprintf(stderr,
                 "evsim: unknown subcommand '%s': expected run, replay, gate, merge-reports or "
                 "serve\n",
                 argv[1]);
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (run->parsed()) return RunCommand(run_arguments);
  if (replay->parsed()) return ReplayCommand(replay_arguments);
  if (gate->parsed()) return GateCommand(gate_arguments);
  if (merge->parsed()) return MergeReportsCommand(merge_arguments);
  return ServeCommand(serve_arguments);
}
