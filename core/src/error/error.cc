#include "ggen/error/error.h"

#include <new>
#include <stdexcept>

namespace ggen {

std::string Error::to_string() const {
  std::string out = code_ + ": " + message_;
  if (!location_.empty()) {
    out += " (" + location_.file;
    if (location_.line > 0) out += ":" + std::to_string(location_.line);
    if (location_.column > 0) out += ":" + std::to_string(location_.column);
    out += ")";
  }
  for (const Error* c = cause(); c != nullptr; c = c->cause()) {
    out += "\n  caused by " + c->code_ + ": " + c->message_;
  }
  return out;
}

Error error_from_current_exception() {
  try {
    throw;
  } catch (const Exception& e) {
    return e.error();
  } catch (const std::bad_alloc&) {
    return Error(std::string(codes::kInternal), "out of memory");
  } catch (const std::exception& e) {
    return Error(std::string(codes::kInternal), e.what());
  } catch (...) {
    return Error(std::string(codes::kInternal), "unknown exception");
  }
}

}  // namespace ggen
