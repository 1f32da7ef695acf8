#include "evsim/records/status.h"

#include <array>
#include <utility>

namespace evsim {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 14> kErrorCodeNames{{
    {ErrorCode::kOk, "ok"},
    {ErrorCode::kWrongExpectedVersion, "wrong_expected_version"},
    {ErrorCode::kStreamNotFound, "stream_not_found"},
    {ErrorCode::kInvalidStreamId, "invalid_stream_id"},
    {ErrorCode::kInvalidEvent, "invalid_event"},
    {ErrorCode::kInvalidArgument, "invalid_argument"},
    {ErrorCode::kNotFound, "not_found"},
    {ErrorCode::kNoSnapshot, "no_snapshot"},
    {ErrorCode::kSnapshotAnchorUnavailable, "snapshot_anchor_unavailable"},
    {ErrorCode::kIntegrityViolation, "integrity_violation"},
    {ErrorCode::kUnknownKey, "unknown_key"},
    {ErrorCode::kIoError, "io_error"},
    {ErrorCode::kCorruption, "corruption"},
    {ErrorCode::kUnsupported, "unsupported"},
}};

constexpr std::array<std::pair<ViolationKind, std::string_view>, 5> kViolationKindNames{{
    {ViolationKind::kChainMismatch, "chain_mismatch"},
    {ViolationKind::kMacMismatch, "mac_mismatch"},
    {ViolationKind::kSignatureMismatch, "signature_mismatch"},
    {ViolationKind::kMissingIntegrity, "missing_integrity"},
    {ViolationKind::kUnknownKey, "unknown_key"},
}};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  for (const auto& [candidate, name] : kErrorCodeNames) {
    if (candidate == code) return name;
  }
  return "unknown_error_code";
}

std::optional<ErrorCode> ErrorCodeFromName(std::string_view name) {
  for (const auto& [code, candidate] : kErrorCodeNames) {
    if (candidate == name) return code;
  }
  return std::nullopt;
}

std::string_view ViolationKindName(ViolationKind kind) {
  for (const auto& [candidate, name] : kViolationKindNames) {
    if (candidate == kind) return name;
  }
  return "unknown_violation_kind";
}

std::optional<ViolationKind> ViolationKindFromName(std::string_view name) {
  for (const auto& [kind, candidate] : kViolationKindNames) {
    if (candidate == name) return kind;
  }
  return std::nullopt;
}

Status Status::Error(ErrorCode code, std::string message) {
  Status status;
  status.code_ = code;
  status.message_ = std::move(message);
  return status;
}

Status Status::WrongExpectedVersion(std::int64_t expected, std::int64_t actual) {
  Status status =
      Error(ErrorCode::kWrongExpectedVersion, "expected version " + std::to_string(expected) +
                                                  ", stream is at " + std::to_string(actual));
  status.expected_version_ = expected;
  status.actual_version_ = actual;
  return status;
}

Status Status::IntegrityViolation(ViolationKind kind, std::int64_t version, std::string message) {
  Status status = Error(ErrorCode::kIntegrityViolation, std::move(message));
  status.violation_kind_ = kind;
  status.violation_version_ = version;
  return status;
}

Status Status::StreamNotFound(std::string_view stream_id) {
  return Error(ErrorCode::kStreamNotFound, "stream '" + std::string(stream_id) + "' not found");
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string text(ErrorCodeName(code_));
  if (violation_kind_) {
    text += "(" + std::string(ViolationKindName(*violation_kind_)) + " at version " +
            std::to_string(violation_version_.value_or(-1)) + ")";
  }
  if (!message_.empty()) text += ": " + message_;
  return text;
}

bool Status::SameOutcome(const Status& other) const {
  return code_ == other.code_ && expected_version_ == other.expected_version_ &&
         actual_version_ == other.actual_version_ && violation_kind_ == other.violation_kind_ &&
         violation_version_ == other.violation_version_;
}

}  // namespace evsim
