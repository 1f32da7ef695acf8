#pragma once
// Text from a store or a scenario on its way to a terminal, a trace or a report. Stream ids,
// event types and error messages may hold any byte; a newline in one would forge a trace line
// and an escape sequence would rewrite the user's terminal. Printable() escapes them.

#include <string>
#include <string_view>

namespace evsim::sim {

// `text` with every control byte (below 0x20, and 0x7f) written as \xNN, and backslash as \\,
// so the result is one line and reads back unambiguously. Bytes of 0x80 and above (UTF-8) are
// kept.
std::string Printable(std::string_view text);

// The same for a block of lines (a failure report): newlines are kept, every other control
// byte is escaped.
std::string PrintableLines(std::string_view text);

}  // namespace evsim::sim
