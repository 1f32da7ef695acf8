#include "evsim/records/assert.h"

#include <cstdio>
#include <cstdlib>

namespace evsim::detail {

void AssertionFailed(const char* expression, const char* file, int line, const char* message) {
  std::fprintf(stderr, "evsim: assertion failed: %s at %s:%d%s%s\n", expression, file, line,
               message ? ": " : "", message ? message : "");
  std::fflush(stderr);
  std::abort();
}

}  // namespace evsim::detail
