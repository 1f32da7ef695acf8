#pragma once
// The byte encodings of the values a row holds in one column: metadata maps, tag lists and
// subscription selectors. Each is a sequence of fields, field(b) = u32be(len b) || b, so that
// any byte can occur in a key, value or tag. Decoding rejects what does not parse (corruption):
// SQLite's page checksums do not exist, so a damaged row must not crash the store.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/records/event.h"
#include "evsim/records/selector.h"

namespace evsim::sqlite {

std::string EncodeMetadata(const Metadata& metadata);
std::optional<Metadata> DecodeMetadata(std::string_view bytes);

std::string EncodeTags(const std::vector<std::string>& tags);
std::optional<std::vector<std::string>> DecodeTags(std::string_view bytes);

std::string EncodeSelector(const Selector& selector);
std::optional<Selector> DecodeSelector(std::string_view bytes);

}  // namespace evsim::sqlite
