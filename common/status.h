// Status and Result<T>: how failures travel across layer boundaries.
//
// Shared by every layer (storage, protocol, server); server/api_errors.h
// is the one place that turns a Status into Twenty's REST body or GraphQL
// extensions.code. OK costs one enum compare; an error carries a code and a message written
// for the API client (the handlers put it verbatim into Twenty's error body).
// Both are [[nodiscard]]: ignoring one on purpose is spelled IgnoreError().
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vingt {

enum class StatusCode : unsigned char {
  kOk,
  kNotFound,         // record or object does not exist -> 404 / 400 per route
  kInvalidArgument,  // bad input: client's fault, nothing changed -> 400
  kConflict,         // unique violation, duplicate -> 400 in Twenty's shape
  kUnauthenticated,  // missing or bad credentials -> 401
  kForbidden,        // revoked key, permission -> 403
  kTooLarge,         // body or batch over a limit -> 413 / 400
  kUnavailable,      // shutting down, WAL refusing writes -> 503
  kRateLimited,      // the workspace's request budget is spent -> 429
  kIOError,          // disk failure (sticky in the WAL)
  kCorruption,       // a checksum or format check failed on disk
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(StatusCode::kInvalidArgument, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status Unauthenticated(std::string msg) { return Status(StatusCode::kUnauthenticated, std::move(msg)); }
  static Status Forbidden(std::string msg) { return Status(StatusCode::kForbidden, std::move(msg)); }
  static Status TooLarge(std::string msg) { return Status(StatusCode::kTooLarge, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(StatusCode::kUnavailable, std::move(msg)); }
  static Status RateLimited(std::string msg) { return Status(StatusCode::kRateLimited, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(StatusCode::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(StatusCode::kCorruption, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // A machine-readable code for Twenty's body ("RECORD_NOT_FOUND", ...);
  // empty when the error has none.
  const std::string& detail_code() const { return detail_code_; }
  Status&& WithDetailCode(std::string code) && {
    detail_code_ = std::move(code);
    return std::move(*this);
  }

  std::string ToString() const;
  void IgnoreError() const {}

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string detail_code_;
};

// A value or the Status explaining why there is none. (std::expected is C++23.)
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                  // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {             // NOLINT
    assert(!std::get<Status>(v_).ok() && "a Result holding a Status must hold an error");
  }
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<1>(v_);
  }
  Status TakeStatus() && { return ok() ? Status::Ok() : std::get<1>(std::move(v_)); }
  void IgnoreError() const {}

 private:
  std::variant<T, Status> v_;
};

// Early return of an error Status from a function returning Status or Result.
#define VINGT_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    ::vingt::Status _st = (expr);          \
    if (!_st.ok()) return _st;                      \
  } while (0)

}  // namespace vingt
