#pragma once
// Always-on assertions. A failed assertion is a bug in evsim or in the store under test's
// harness wiring, never a user error: it prints where and why, then aborts loudly.
// EVSIM_EXPENSIVE_ASSERT is for O(n) checks; it is compiled in when EVSIM_EXPENSIVE_CHECKS is set
// (the default for every preset; benchmarks may turn it off).

namespace evsim::detail {
[[noreturn]] void AssertionFailed(const char* expression, const char* file, int line,
                                  const char* message);
}  // namespace evsim::detail

#define EVSIM_ASSERT(condition)                                                  \
  do {                                                                           \
    if (!(condition)) {                                                          \
      ::evsim::detail::AssertionFailed(#condition, __FILE__, __LINE__, nullptr); \
    }                                                                            \
  } while (false)

#define EVSIM_ASSERT_MSG(condition, message)                                       \
  do {                                                                             \
    if (!(condition)) {                                                            \
      ::evsim::detail::AssertionFailed(#condition, __FILE__, __LINE__, (message)); \
    }                                                                              \
  } while (false)

#if defined(EVSIM_EXPENSIVE_CHECKS) && EVSIM_EXPENSIVE_CHECKS
#define EVSIM_EXPENSIVE_ASSERT(condition) EVSIM_ASSERT(condition)
#else
#define EVSIM_EXPENSIVE_ASSERT(condition) \
  do {                                    \
  } while (false)
#endif
