// A plain scan of template bodies for where names are read, so validation can point at the use
// of an unprovided variable and tell a use generation fails on from a guarded one. The body has
// already parsed, so tags are well formed; string literals inside tags are skipped.
#include <algorithm>

#include "lint_checks.h"
#include "validate_internal.h"

namespace ggen::gen::detail {

namespace {

bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Tag {
  char kind = 0;              // '{' for {{ }}, '%' for {% %}
  size_t begin = 0, end = 0;  // the inside, without delimiters and whitespace-control marks
  std::string_view keyword;   // first word of a {% %} tag
};

std::string_view first_word(std::string_view body, size_t p, size_t end) {
  while (p < end && space(body[p])) ++p;
  size_t q = p;
  while (q < end && is_ident(body[q])) ++q;
  return body.substr(p, q - p);
}

// Calls f(tag) for every {{ }} and {% %} tag in order, skipping comments and raw blocks.
template <class F>
void for_each_tag(std::string_view body, F f) {
  size_t pos = 0;
  while (true) {
    size_t open = body.find('{', pos);
    if (open == std::string_view::npos || open + 1 >= body.size()) return;
    char kind = body[open + 1];
    if (kind == '#') {
      size_t close = body.find("#}", open + 2);
      if (close == std::string_view::npos) return;
      pos = close + 2;
      continue;
    }
    if (kind != '{' && kind != '%') {
      pos = open + 1;
      continue;
    }
    std::string_view closer = kind == '{' ? "}}" : "%}";
    // The closing delimiter, not one inside a string literal.
    size_t p = open + 2;
    char quote = 0;
    size_t close = std::string_view::npos;
    for (; p + 1 < body.size(); ++p) {
      char c = body[p];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (body.compare(p, 2, closer) == 0) {
        close = p;
        break;
      }
    }
    if (close == std::string_view::npos) return;
    Tag t;
    t.kind = kind;
    t.begin = open + 2;
    if (t.begin < close && (body[t.begin] == '-' || body[t.begin] == '+')) ++t.begin;
    t.end = close;
    if (t.end > t.begin && body[t.end - 1] == '-') --t.end;
    if (kind == '%') t.keyword = first_word(body, t.begin, t.end);
    pos = close + 2;
    if (t.keyword == "raw") {
      size_t endraw = body.find("endraw", pos);
      if (endraw == std::string_view::npos) return;
      pos = body.find("%}", endraw);
      if (pos == std::string_view::npos) return;
      continue;
    }
    f(t);
  }
}

// Offsets of `name` read as a top-level name inside [begin, end), outside string literals.
std::vector<size_t> reads_in(std::string_view body, size_t begin, size_t end,
                             std::string_view name) {
  std::vector<size_t> out;
  char quote = 0;
  for (size_t p = begin; p < end; ++p) {
    char c = body[p];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      quote = c;
      continue;
    }
    if (body.compare(p, name.size(), name) != 0) continue;
    bool left = p == 0 || (!is_ident(body[p - 1]) && body[p - 1] != '.');
    size_t after = p + name.size();
    bool right = after >= body.size() || !is_ident(body[after]);
    if (!left || !right) continue;
    // Not a keyword argument name (`default(value=x)` reads x, not `value`) or a call.
    size_t q = after;
    while (q < end && space(body[q])) ++q;
    if (q < end && body[q] == '(') continue;
    if (q < end && body[q] == '=' && (q + 1 >= end || body[q + 1] != '=')) continue;
    out.push_back(p);
    p = after - 1;
  }
  return out;
}

// After a read: its attribute chain, then `| default` or `is [not] defined|undefined`.
bool guarded_after(std::string_view body, size_t p, size_t end) {
  while (p < end) {
    if (body[p] == '.') {
      ++p;
      while (p < end && is_ident(body[p])) ++p;
    } else if (body[p] == '[') {
      size_t close = body.find(']', p);
      if (close == std::string_view::npos || close >= end) return false;
      p = close + 1;
    } else {
      break;
    }
  }
  while (p < end && space(body[p])) ++p;
  if (p < end && body[p] == '|') return first_word(body, p + 1, end) == "default";
  if (first_word(body, p, end) != "is") return false;
  std::string_view rest = body.substr(p + 2, end - p - 2);
  size_t k = rest.find_first_not_of(" \t\r\n");
  if (k == std::string_view::npos) return false;
  rest.remove_prefix(k);
  if (rest.starts_with("not")) {
    rest.remove_prefix(3);
    size_t j = rest.find_first_not_of(" \t\r\n");
    if (j == std::string_view::npos) return false;
    rest.remove_prefix(j);
  }
  return rest.starts_with("defined") || rest.starts_with("undefined");
}

// Runs `visit(tag, offset, guarded)` for every read of `name`; guards from enclosing `if`s whose
// condition reads the name are tracked with a stack of open `if` tags.
template <class Visit>
void scan(std::string_view body, std::string_view name, Visit visit) {
  std::vector<bool> open_ifs;  // does each open if's condition read `name`?
  for_each_tag(body, [&](const Tag& t) {
    if (t.keyword == "endif") {
      if (!open_ifs.empty()) open_ifs.pop_back();
      return;
    }
    auto reads = reads_in(body, t.begin, t.end, name);
    bool condition = t.keyword == "if" || t.keyword == "elif";
    if (t.keyword == "if") open_ifs.push_back(!reads.empty());
    if (t.keyword == "elif" && !open_ifs.empty() && !reads.empty()) open_ifs.back() = true;
    bool enclosed = std::find(open_ifs.begin(), open_ifs.end(), true) != open_ifs.end();
    for (size_t at : reads) {
      bool guarded = condition || enclosed || guarded_after(body, at + name.size(), t.end);
      visit(t, at, guarded);
    }
  });
}

}  // namespace

std::vector<Use> uses_of(std::string_view body, std::string_view name) {
  std::vector<Use> out;
  scan(body, name, [&](const Tag&, size_t at, bool guarded) { out.push_back({at, guarded}); });
  return out;
}

std::vector<Member> members_of(std::string_view body, std::string_view object) {
  std::vector<Member> out;
  scan(body, object, [&](const Tag& t, size_t at, bool guarded) {
    size_t p = at + object.size();
    if (p >= t.end || body[p] != '.') return;
    size_t q = p + 1;
    while (q < t.end && is_ident(body[q])) ++q;
    if (q == p + 1) return;
    std::string member(body.substr(p + 1, q - p - 1));
    out.push_back({member, {p + 1, guarded || guarded_after(body, q, t.end)}});
  });
  return out;
}

std::vector<std::string> referenced_templates(std::string_view body) {
  std::vector<std::string> out;
  for_each_tag(body, [&](const Tag& t) {
    if (t.keyword != "include" && t.keyword != "extends" && t.keyword != "import") return;
    std::string_view inner = body.substr(t.begin, t.end - t.begin);
    for (size_t p = 0; p < inner.size(); ++p) {
      char c = inner[p];
      if (c != '"' && c != '\'') continue;
      size_t q = inner.find(c, p + 1);
      if (q == std::string_view::npos) break;
      out.emplace_back(inner.substr(p + 1, q - p - 1));
      p = q;
      if (t.keyword == "import") break;  // `import "f" as m`: one file
    }
  });
  return out;
}

}  // namespace ggen::gen::detail
