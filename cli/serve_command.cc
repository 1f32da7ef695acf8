// evsim serve store|model: a built-in adapter over the wire protocol on stdin and stdout.
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "evsim/targets/served_store.h"

namespace evsim::cli {

int ServeCommand(const ServeArguments& arguments) {
  Result<std::size_t> line_bytes_max = ParseLineBytes(arguments.line_bytes_max);
  if (!line_bytes_max.ok()) return BadInput(line_bytes_max.status().message());
  Result<std::unique_ptr<wire::ServedStore>> store =
      targets::MakeServedStore(arguments.kind, arguments.directory);
  if (!store.ok()) return BadInput(store.status().message());
  wire::ServeLimits limits;
  limits.line_bytes_max = line_bytes_max.value();
  return wire::Serve(*store.value(), STDIN_FILENO, STDOUT_FILENO, std::cerr, limits);
}

}  // namespace evsim::cli
