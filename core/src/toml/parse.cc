#include "ggen/toml/parse.h"

#include <cmath>
#include <cstdlib>
#include <set>

namespace ggen::toml {

namespace {

using json = nlohmann::ordered_json;

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : s_(text), file_(file) {}

  Document run() {
    doc_.root = json::object();
    json* table = &doc_.root;
    std::string table_path;
    for (;;) {
      skip_ws_comments_newlines();
      if (eof()) break;
      if (peek() == '[') {
        bool array = peek(1) == '[';
        Location at = here();
        pos_ += array ? 2 : 1;
        col_ += array ? 2 : 1;
        skip_ws();
        std::vector<std::string> path = key_path();
        skip_ws();
        expect(']', "to close the table header");
        if (array) expect(']', "to close the array-of-tables header");
        end_of_line();
        table = open_table(path, array, at, table_path);
        continue;
      }
      key_value(*table, table_path);
      end_of_line();
    }
    return std::move(doc_);
  }

 private:
  [[noreturn]] void fail(std::string msg, std::string hint = {}) { fail_at(here(), std::move(msg), std::move(hint)); }
  [[noreturn]] void fail_at(Location at, std::string msg, std::string hint = {}) {
    raise(Error(std::string(kTomlSyntax), std::move(msg)).at(std::move(at)).with_hint(std::move(hint)));
  }
  Location here() const { return Location{file_, line_, col_}; }
  bool eof() const { return pos_ >= s_.size(); }
  char peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  char get() {
    char c = s_[pos_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++col_;
    }
    return c;
  }
  void expect(char c, const char* why) {
    if (peek() != c) fail(std::string("expected '") + c + "' " + why);
    get();
  }
  void skip_ws() {
    while (peek() == ' ' || peek() == '\t') get();
  }
  void skip_comment() {
    if (peek() == '#') {
      while (!eof() && peek() != '\n') get();
    }
  }
  void skip_ws_comments_newlines() {
    for (;;) {
      skip_ws();
      skip_comment();
      if (peek() == '\r' && peek(1) == '\n') get();
      if (peek() == '\n') {
        get();
        continue;
      }
      return;
    }
  }
  void end_of_line() {
    skip_ws();
    skip_comment();
    if (peek() == '\r') get();
    if (!eof() && peek() != '\n') fail("expected the end of the line", "put one key = value per line");
  }

  std::string bare_or_quoted_key() {
    if (peek() == '"') return basic_string();
    if (peek() == '\'') return literal_string();
    std::string k;
    while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_' || peek() == '-') k += get();
    if (k.empty()) fail("expected a key", "keys are bare words (a-z, 0-9, _ and -) or quoted strings");
    return k;
  }
  std::vector<std::string> key_path() {
    std::vector<std::string> path{bare_or_quoted_key()};
    for (;;) {
      skip_ws();
      if (peek() != '.') return path;
      get();
      skip_ws();
      path.push_back(bare_or_quoted_key());
    }
  }
  static std::string join(const std::string& prefix, const std::string& k) {
    return prefix.empty() ? k : prefix + "." + k;
  }

  json* open_table(const std::vector<std::string>& path, bool array, const Location& at,
                   std::string& table_path) {
    json* t = &doc_.root;
    std::string dotted;
    for (size_t i = 0; i < path.size(); ++i) {
      dotted = join(dotted, path[i]);
      bool last = i + 1 == path.size();
      json& child = (*t)[path[i]];
      if (last && array) {
        if (child.is_null()) child = json::array();
        if (!child.is_array()) fail("`" + dotted + "` is already a table, not an array of tables");
        child.push_back(json::object());
        dotted += "[" + std::to_string(child.size() - 1) + "]";
        doc_.keys[dotted] = at;
        table_path = dotted;
        return &child.back();
      }
      if (child.is_null()) {
        child = json::object();
        doc_.keys[dotted] = at;
      } else if (child.is_array() && !last) {
        dotted += "[" + std::to_string(child.size() - 1) + "]";
        t = &child.back();
        continue;
      } else if (!child.is_object()) {
        fail("`" + dotted + "` is already a value, not a table");
      } else if (last && defined_.count(dotted)) {
        fail("the table [" + dotted + "] is defined twice", "merge the two sections");
      }
      t = &child;
    }
    defined_.insert(dotted);
    table_path = dotted;
    return t;
  }

  void key_value(json& table, const std::string& table_path) {
    Location at = here();
    std::vector<std::string> path = key_path();
    skip_ws();
    if (peek() != '=') fail("expected '=' after the key", "write key = value");
    get();
    skip_ws();
    json* t = &table;
    std::string dotted = table_path;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      dotted = join(dotted, path[i]);
      json& child = (*t)[path[i]];
      if (child.is_null()) child = json::object();
      if (!child.is_object()) fail("`" + dotted + "` is already a value, not a table");
      t = &child;
    }
    dotted = join(dotted, path.back());
    if (t->contains(path.back())) {
      Location first = doc_.where(dotted);
      raise(Error(std::string(kTomlSyntax), "duplicate key `" + dotted + "`")
                .at(at)
                .with_hint(first.line ? "first defined at line " + std::to_string(first.line) : ""));
    }
    doc_.keys[dotted] = at;
    (*t)[path.back()] = value(dotted);
  }

  json value(const std::string& dotted) {
    char c = peek();
    if (c == '"') return peek(1) == '"' && peek(2) == '"' ? json(multiline_basic()) : json(basic_string());
    if (c == '\'') return peek(1) == '\'' && peek(2) == '\'' ? json(multiline_literal()) : json(literal_string());
    if (c == '[') return array(dotted);
    if (c == '{') return inline_table(dotted);
    if (s_.substr(pos_, 4) == "true") return take(4), json(true);
    if (s_.substr(pos_, 5) == "false") return take(5), json(false);
    if (c == '+' || c == '-' || std::isdigit(static_cast<unsigned char>(c)) || c == 'i' || c == 'n') return number();
    fail("expected a value", "strings are quoted: key = \"text\"");
  }
  void take(size_t n) {
    for (size_t i = 0; i < n; ++i) get();
  }

  json number() {
    Location start = here();
    std::string t;
    while (!eof() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '+' || peek() == '-' ||
                      peek() == '.' || peek() == '_' || peek() == ':')) {
      if (peek() != '_') t += peek();
      get();
    }
    if (t.find(':') != std::string::npos || (t.size() >= 10 && t[4] == '-' && t[7] == '-')) {
      fail_at(start, "dates and times are not supported in ggen's TOML files", "quote it as a string");
    }
    if (t == "inf" || t == "+inf") return json(INFINITY);
    if (t == "-inf") return json(-INFINITY);
    if (t == "nan" || t == "+nan" || t == "-nan") return json(NAN);
    char* end = nullptr;
    if (t.find_first_of(".eE") == std::string::npos || t.rfind("0x", 0) == 0) {
      int base = 10;
      std::string digits = t;
      if (t.rfind("0x", 0) == 0) base = 16, digits = t.substr(2);
      else if (t.rfind("0o", 0) == 0) base = 8, digits = t.substr(2);
      else if (t.rfind("0b", 0) == 0) base = 2, digits = t.substr(2);
      long long v = std::strtoll(digits.c_str(), &end, base);
      if (end && *end == '\0' && !digits.empty()) return json(v);
    } else {
      double d = std::strtod(t.c_str(), &end);
      if (end && *end == '\0') return json(d);
    }
    fail("`" + t + "` is not a number");
  }

  std::string basic_string() {
    Location start = here();
    get();  // "
    std::string out;
    for (;;) {
      if (eof() || peek() == '\n') fail_at(start, "unterminated string", "close it with \" on the same line");
      char c = get();
      if (c == '"') return out;
      if (c == '\\') escape(out);
      else out += c;
    }
  }
  std::string multiline_basic() {
    take(3);
    if (peek() == '\r') get();
    if (peek() == '\n') get();
    std::string out;
    for (;;) {
      if (eof()) fail("unterminated multi-line string", "close it with \"\"\"");
      if (peek() == '"' && peek(1) == '"' && peek(2) == '"') {
        take(3);
        return out;
      }
      char c = get();
      if (c == '\\') {
        if (peek() == '\n' || peek() == ' ' || peek() == '\r' || peek() == '\t') {
          while (!eof() && std::isspace(static_cast<unsigned char>(peek()))) get();
          continue;
        }
        escape(out);
      } else if (c != '\r') {
        out += c;
      }
    }
  }
  std::string literal_string() {
    Location start = here();
    get();
    std::string out;
    for (;;) {
      if (eof() || peek() == '\n') fail_at(start, "unterminated string", "close it with ' on the same line");
      char c = get();
      if (c == '\'') return out;
      out += c;
    }
  }
  std::string multiline_literal() {
    take(3);
    if (peek() == '\r') get();
    if (peek() == '\n') get();
    std::string out;
    for (;;) {
      if (eof()) fail("unterminated multi-line string", "close it with '''");
      if (peek() == '\'' && peek(1) == '\'' && peek(2) == '\'') {
        take(3);
        return out;
      }
      char c = get();
      if (c != '\r') out += c;
    }
  }
  void escape(std::string& out) {
    char e = eof() ? '\0' : get();
    switch (e) {
      case 'n': out += '\n'; return;
      case 't': out += '\t'; return;
      case 'r': out += '\r'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case 'u':
      case 'U': {
        int n = e == 'u' ? 4 : 8;
        std::string hex;
        for (int i = 0; i < n; ++i) hex += eof() ? '\0' : get();
        char* end = nullptr;
        unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
        if (!end || *end != '\0' || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          fail("invalid unicode escape \\" + std::string(1, e) + hex);
        }
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
        else if (cp < 0x10000) out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
        else out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
        return;
      }
      default:
        fail(std::string("unknown escape \\") + e, "write \\\\ for a backslash, or use a 'literal string'");
    }
  }

  json array(const std::string& dotted) {
    get();  // [
    json a = json::array();
    for (;;) {
      skip_ws_comments_newlines();
      if (peek() == ']') {
        get();
        return a;
      }
      a.push_back(value(dotted + "[" + std::to_string(a.size()) + "]"));
      skip_ws_comments_newlines();
      if (peek() == ',') {
        get();
        continue;
      }
      if (peek() == ']') continue;
      fail("expected ',' or ']' in the array");
    }
  }

  json inline_table(const std::string& dotted) {
    get();  // {
    json t = json::object();
    skip_ws();
    if (peek() == '}') {
      get();
      return t;
    }
    for (;;) {
      skip_ws();
      key_value(t, dotted);
      skip_ws();
      if (peek() == ',') {
        get();
        continue;
      }
      if (peek() == '}') {
        get();
        return t;
      }
      fail("expected ',' or '}' in the inline table", "inline tables stay on one line");
    }
  }

  std::string_view s_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
  Document doc_;
  std::set<std::string> defined_;
};

}  // namespace

Result<Document> parse(std::string_view text, const std::string& file) {
  try {
    Parser p(text, file);
    return p.run();
  } catch (const Exception& e) {
    return e.error();
  }
}

}  // namespace ggen::toml
