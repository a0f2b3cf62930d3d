// Error presentation: "did you mean" suggestions and the source snippet with a caret.
#include <algorithm>

#include "ggen/template/engine.h"
#include "template/engine_impl.h"

namespace ggen::tmpl {

namespace {

// Optimal string alignment distance: edits plus adjacent transpositions ("nmae" -> "name" is 1).
std::size_t distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::vector<std::string> suggest(std::string_view wrong,
                                 const std::vector<std::string>& candidates) {
  std::size_t limit = wrong.size() <= 3 ? 1 : std::max<std::size_t>(2, wrong.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    if (c == wrong) continue;
    std::size_t d = distance(wrong, c);
    if (d <= limit) scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& s : scored)
    if (std::find(out.begin(), out.end(), s.second) == out.end()) out.push_back(s.second);
  return out;
}

std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates) {
  auto s = suggest(wrong, candidates);
  if (s.empty()) return "";
  return "did you mean `" + s[0] + "`?";
}

std::string render_snippet(std::string_view source, const Location& loc) {
  if (loc.line <= 0) return "";
  std::size_t start = 0;
  for (int l = 1; l < loc.line; ++l) {
    std::size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return "";
    start = nl + 1;
  }
  std::size_t end = source.find('\n', start);
  std::string_view line = source.substr(start, end == std::string_view::npos ? end : end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string num = std::to_string(loc.line);
  std::string pad(num.size(), ' ');
  std::string out = pad + " |\n" + num + " | " + std::string(line) + "\n" + pad + " | ";
  // Columns count code points; reproduce tabs so the caret lines up.
  int col = 1;
  std::size_t i = 0;
  while (i < line.size() && col < std::max(1, loc.column)) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) {
      out += c == '\t' ? '\t' : ' ';
      ++col;
    }
    ++i;
  }
  int width = 1;
  if (loc.end_line == loc.line && loc.end_column > loc.column) width = loc.end_column - loc.column;
  out += std::string(static_cast<std::size_t>(width), '^');
  out += "\n";
  return out;
}

std::string format_error(const Error& error, std::string_view source) {
  std::string out = "error[";
  out += error.code();
  out += "]: ";
  out += error.message();
  out += "\n";
  for (const Error* c = error.cause(); c; c = c->cause())
    out += "  caused by: " + c->message() + "\n";
  const Location& loc = error.location();
  if (!loc.empty()) {
    out += " --> ";
    out += loc.file;
    if (loc.line > 0) {
      out += ':';
      out += std::to_string(loc.line);
      out += ':';
      out += std::to_string(loc.column);
    }
    out += "\n";
    if (!source.empty()) out += render_snippet(source, loc);
  }
  if (!error.hint().empty()) out += "  = hint: " + error.hint() + "\n";
  return out;
}

}  // namespace ggen::tmpl
