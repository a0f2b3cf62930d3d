#pragma once
// ggen::Error: the one error type of every layer. Codes are stable strings that users and tools
// match on; message, location and hint are for people.
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace ggen {

struct Location {
  std::string file;  // path or template name; empty when the error has no source position
  int line = 0;      // 1-based; 0 = unknown
  int column = 0;    // 1-based, in characters; 0 = unknown
  int end_line = 0;
  int end_column = 0;

  bool empty() const { return file.empty() && line == 0; }
};

class Error {
 public:
  Error() = default;
  Error(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {}

  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& location() const { return location_; }
  const std::string& hint() const { return hint_; }
  // The error this one wraps, or nullptr.
  const Error* cause() const { return cause_.get(); }

  Error& at(Location loc) & {
    location_ = std::move(loc);
    return *this;
  }
  Error&& at(Location loc) && { return std::move(at(std::move(loc))); }
  Error& with_hint(std::string hint) & {
    hint_ = std::move(hint);
    return *this;
  }
  Error&& with_hint(std::string hint) && { return std::move(with_hint(std::move(hint))); }
  Error& caused_by(Error cause) & {
    cause_ = std::make_shared<const Error>(std::move(cause));
    return *this;
  }
  Error&& caused_by(Error cause) && { return std::move(caused_by(std::move(cause))); }

  // "E_CODE: message (file:line:col)" followed by the causes; for logs and test failures.
  std::string to_string() const;

 private:
  std::string code_;
  std::string message_;
  Location location_;
  std::string hint_;
  std::shared_ptr<const Error> cause_;
};

// Carries an Error through code that unwinds (task bodies, parsers). The runtime turns it back
// into the Error; any other std::exception becomes E_INTERNAL.
class Exception : public std::exception {
 public:
  explicit Exception(Error error) : error_(std::move(error)), what_(error_.to_string()) {}
  const Error& error() const noexcept { return error_; }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  Error error_;
  std::string what_;
};

[[noreturn]] inline void raise(Error error) { throw Exception(std::move(error)); }

// Turns the exception being handled into an Error. Call only inside a catch block.
Error error_from_current_exception();

namespace codes {
inline constexpr std::string_view kInternal = "E_INTERNAL";
inline constexpr std::string_view kCancelled = "E_CANCELLED";
inline constexpr std::string_view kTimeout = "E_TIMEOUT";
inline constexpr std::string_view kConfig = "E_CONFIG";
inline constexpr std::string_view kInvalidArgument = "E_INVALID_ARGUMENT";
inline constexpr std::string_view kIo = "E_IO";
inline constexpr std::string_view kNotFound = "E_NOT_FOUND";
inline constexpr std::string_view kShutdown = "E_SHUTDOWN";
inline constexpr std::string_view kPathEscape = "E_PATH_ESCAPE";
inline constexpr std::string_view kTemplateSyntax = "E_TEMPLATE_SYNTAX";
inline constexpr std::string_view kTemplateRender = "E_TEMPLATE_RENDER";
inline constexpr std::string_view kUndefinedVariable = "E_UNDEFINED_VARIABLE";
inline constexpr std::string_view kRdfSyntax = "E_RDF_SYNTAX";
inline constexpr std::string_view kSparqlSyntax = "E_SPARQL_SYNTAX";
inline constexpr std::string_view kSparqlEval = "E_SPARQL_EVAL";
}  // namespace codes

}  // namespace ggen
