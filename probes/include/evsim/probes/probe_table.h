#pragma once
// The probe table `evsim run --probes` and `evsim gate --probes` print: one line per probe of
// the catalog, in catalog order, zeros included, then a count of the probes never hit.
//
//   probe                            hits  file                         meaning
//   torn_tail_truncated                12  store_lifecycle.cc           recovery truncated ...
//   ...
//   probes: 31, hit: 30, never hit: 1 (verify_unknown_key)
//
// properties/probes_test.py parses it: the first column is the name, the second the hits.

#include <string>

#include "evsim/probes/probe.h"

namespace evsim {

std::string FormatProbeTable(const ProbeCounts& counts);

}  // namespace evsim
