// A thin JSON writer for responses: RapidJSON's Writer over a reused buffer.
//
// One JsonWriter per connection (or per thread); Reset() between responses
// keeps the buffer's capacity, so steady-state writes do not allocate.
// Numbers follow JavaScript's JSON.stringify, because Twenty is a Node
// server and clients compare its bytes: integral doubles print without a
// fraction (1500000000, not 1500000000.0), non-finite numbers print null.
//
// The writer trusts its caller for structure (Key inside objects, balanced
// Start/End); RapidJSON only asserts it in debug builds. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace vingt::protocol {

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_), document_id_(NextDocumentId()) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Forgets the output, keeps the buffer's memory.
  void Reset() {
    buffer_.Clear();
    writer_.Reset(buffer_);
    document_id_ = NextDocumentId();
  }

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }

  void Key(std::string_view key) { String(key); }
  void String(std::string_view value);
  void Bool(bool value) { writer_.Bool(value); }
  void Null() { writer_.Null(); }
  void Int64(int64_t value) { writer_.Int64(value); }
  void Uint64(uint64_t value) { writer_.Uint64(value); }
  // As JSON.stringify: integers without ".0", shortest round-trip digits
  // otherwise, exponent form past 1e21 / below 1e-6, NaN and +-Inf as null.
  void Double(double value);
  // Splices `json`, which must be one complete, valid JSON value (an
  // object, array, string, number, true, false or null), verbatim. One
  // block copy (RapidJSON's RawValue copies byte by byte).
  void RawJson(std::string_view json) {
    rapidjson::StringBuffer& out = BeginRawValue();
    std::memcpy(out.Push(json.size()), json.data(), json.size());
  }

  // For hot paths that format a value themselves (server/records/record_encode's
  // record layouts): writes the separator this position needs, as RawJson
  // does, and hands out the output buffer. The caller must append exactly
  // one complete, valid JSON value to it (Push/Pop only; no Clear) before the
  // next call on this writer.
  rapidjson::StringBuffer& BeginRawValue() {
    writer_.RawValue("", 0, rapidjson::kObjectType);
    return buffer_;
  }

  // Identifies the document being written: unique per process, and new
  // after every Reset() or Take(). Lets a caller cache what it derives for
  // one document (a schema's layout) and check it again for the next.
  uint64_t document_id() const { return document_id_; }

  // The output so far; valid until the next call on this writer.
  std::string_view View() const { return {buffer_.GetString(), buffer_.GetSize()}; }
  // Copies the output out and resets.
  std::string Take() {
    std::string out(buffer_.GetString(), buffer_.GetSize());
    Reset();
    return out;
  }
  // True once exactly one complete top-level value has been written.
  bool IsComplete() const { return writer_.IsComplete(); }

 private:
  static uint64_t NextDocumentId();

  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
  uint64_t document_id_;
};

// This thread's writer, Reset() and ready. Its buffer keeps its capacity
// across responses, so a 60-record page stops regrowing it on every request.
// Use it between two suspension points only: a coroutine that awaits while
// holding it would share it with the next request on this thread.
JsonWriter& ThreadJsonWriter();

// Longest output of FormatJsNumber ("-1.2345678901234567e-308").
inline constexpr size_t kMaxJsNumberLength = 32;
// Writes `value` as JavaScript's Number.prototype.toString() does (NaN,
// Infinity, -Infinity for non-finite values; "0" for -0); returns the length.
size_t FormatJsNumber(double value, char* buf);
void AppendJsNumber(double value, std::string* out);

// JSON.stringify of a string: quoted, with \" \\ \b \f \n \r \t and other
// control bytes as \u00xx in lower case (where JsonWriter::String writes
// upper case), everything else verbatim. For JSON text that Twenty's Node
// code would have produced byte for byte (stored composite values, echoed
// filters).
void AppendJsonStringified(std::string_view value, std::string* out);

// Formatters that write exactly the bytes of the JsonWriter call they name,
// into caller-owned memory, for code that splices values via BeginRawValue.

// Room FormatJsonString needs for a `size`-byte string: quotes plus, at
// worst, "\u00XX" for every byte.
constexpr size_t MaxJsonStringLength(size_t size) { return 2 + 6 * size; }
// `value` quoted and escaped as JsonWriter::String writes it (RapidJSON's
// escapes: \" \\ \b \f \n \r \t, other control bytes as \u00XX in upper
// case, everything else, UTF-8 included, verbatim). `buf` must have room
// for MaxJsonStringLength(value.size()) bytes; returns the end.
char* FormatJsonString(std::string_view value, char* buf);

// Longest output of FormatJsonNumber.
inline constexpr size_t kMaxJsonNumberLength = kMaxJsNumberLength;
// `value` as JsonWriter::Double writes it (JSON.stringify: null for NaN and
// infinities); returns the length.
size_t FormatJsonNumber(double value, char* buf);

}  // namespace vingt::protocol
