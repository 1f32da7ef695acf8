#pragma once
// Status: the error value every evsim module returns instead of throwing.
// The codes are exactly SPEC section 9. Two codes carry structured details that the lockstep
// checker compares: wrong_expected_version (expected, actual) and integrity_violation
// (kind, version). The message is for humans and is never compared.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

enum class ErrorCode : std::uint8_t {
  kOk = 0,
  kWrongExpectedVersion,
  kStreamNotFound,
  kInvalidStreamId,
  kInvalidEvent,
  kInvalidArgument,
  kNotFound,
  kNoSnapshot,
  kSnapshotAnchorUnavailable,
  kIntegrityViolation,
  kUnknownKey,
  kIoError,
  kCorruption,
  kUnsupported,
};

// The SPEC's snake_case name ("wrong_expected_version"); "ok" for kOk.
std::string_view ErrorCodeName(ErrorCode code);
// Inverse of ErrorCodeName; nullopt for an unknown name.
std::optional<ErrorCode> ErrorCodeFromName(std::string_view name);

// The kinds of integrity violation that verify_stream reports (SPEC 7).
enum class ViolationKind : std::uint8_t {
  kChainMismatch,
  kMacMismatch,
  kSignatureMismatch,
  kMissingIntegrity,
  kUnknownKey,
};
std::string_view ViolationKindName(ViolationKind kind);
std::optional<ViolationKind> ViolationKindFromName(std::string_view name);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message);
  static Status WrongExpectedVersion(std::int64_t expected, std::int64_t actual);
  static Status IntegrityViolation(ViolationKind kind, std::int64_t version, std::string message);
  static Status StreamNotFound(std::string_view stream_id);
  static Status InvalidArgument(std::string message) {
    return Error(ErrorCode::kInvalidArgument, std::move(message));
  }
  static Status InvalidEvent(std::string message) {
    return Error(ErrorCode::kInvalidEvent, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Error(ErrorCode::kNotFound, std::move(message));
  }
  static Status IoError(std::string message) {
    return Error(ErrorCode::kIoError, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Error(ErrorCode::kCorruption, std::move(message));
  }
  static Status Unsupported(std::string message) {
    return Error(ErrorCode::kUnsupported, std::move(message));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Details; present only for the codes that carry them.
  std::optional<std::int64_t> expected_version() const { return expected_version_; }
  std::optional<std::int64_t> actual_version() const { return actual_version_; }
  std::optional<ViolationKind> violation_kind() const { return violation_kind_; }
  std::optional<std::int64_t> violation_version() const { return violation_version_; }

  // "ok" or "code: message".
  std::string ToString() const;

  // Same code and same details; messages are ignored (they are for humans).
  bool SameOutcome(const Status& other) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::optional<std::int64_t> expected_version_;
  std::optional<std::int64_t> actual_version_;
  std::optional<ViolationKind> violation_kind_;
  std::optional<std::int64_t> violation_version_;
};

}  // namespace evsim

// Returns the status from the enclosing function when it is not ok.
#define EVSIM_RETURN_IF_ERROR(expression)          \
  do {                                             \
    ::evsim::Status evsim_status_ = (expression);  \
    if (!evsim_status_.ok()) return evsim_status_; \
  } while (false)
