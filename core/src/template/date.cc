// The `date` filter: timestamps / RFC 3339 / naive datetimes / dates, formatted with chrono's
// strftime dialect, optionally converted to an IANA zone read from the system tzdata (TZif).
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

struct Moment {
  long long utc = 0;  // seconds since the epoch
  long long nanos = 0;
  int offset = 0;  // seconds east of UTC
  std::string zone = "UTC";
  bool fixed = false;  // offset came from the input (RFC 3339)
};

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool parse_datetime(std::string_view s, Moment& m) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  std::size_t i = 10;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
    if (!digits(s, i + 1, 2, h) || s[i + 3] != ':' || !digits(s, i + 4, 2, mi) || s[i + 6] != ':' ||
        !digits(s, i + 7, 2, se))
      return false;
    i += 9;
    if (i < s.size() && s[i] == '.') {
      ++i;
      long long frac = 0;
      int n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n < 9) {
          frac = frac * 10 + (s[i] - '0');
          ++n;
        }
        ++i;
      }
      while (n++ < 9) frac *= 10;
      m.nanos = frac;
    }
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        m.fixed = true;
        m.zone = "+00:00";
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        int oh, om;
        if (!digits(s, i + 1, 2, oh) || s[i + 3] != ':' || !digits(s, i + 4, 2, om)) return false;
        m.offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        m.fixed = true;
        m.zone = std::string(s.substr(i, 6));
        i += 6;
      }
      if (i != s.size()) return false;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return false;
  m.utc = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
          h * 3600 + mi * 60 + se - m.offset;
  return true;
}

// Offset and abbreviation of an IANA zone at an instant, from /usr/share/zoneinfo.
bool zone_offset(const std::string& name, long long t, int& offset, std::string& abbr) {
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') return false;
  std::ifstream f("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!f) return false;
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto be = [&](std::size_t pos, int n) -> long long {
    unsigned long long v = 0;
    for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<unsigned char>(data[pos + k]);
    if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<long long>(v);
  };
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return false;
  std::size_t base = 0;
  int tsize = 4;
  auto counts = [&](std::size_t b, long long c[6]) {
    for (int k = 0; k < 6; ++k) c[k] = be(b + 20 + 4 * k, 4);
  };
  long long c[6];
  counts(0, c);
  if (data[4] >= '2') {
    // Skip the v1 block; use the 64-bit one.
    std::size_t v1 = 44 + c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (v1 + 44 > data.size()) return false;
    base = v1;
    counts(base, c);
    tsize = 8;
  }
  long long isut = c[0], isstd = c[1], leap = c[2], timecnt = c[3], typecnt = c[4];
  (void)isut;
  (void)isstd;
  (void)leap;
  std::size_t p = base + 44;
  std::size_t idx_pos = p + timecnt * tsize;
  std::size_t type_pos = idx_pos + timecnt;
  std::size_t abbr_pos = type_pos + typecnt * 6;
  if (abbr_pos > data.size() || typecnt == 0) return false;
  long long type = 0;
  for (long long k = 0; k < timecnt; ++k) {
    if (be(p + k * tsize, tsize) <= t)
      type = static_cast<unsigned char>(data[idx_pos + k]);
    else
      break;
  }
  std::size_t ti = type_pos + type * 6;
  offset = static_cast<int>(be(ti, 4));
  std::size_t ai = abbr_pos + static_cast<unsigned char>(data[ti + 5]);
  abbr.clear();
  while (ai < data.size() && data[ai]) abbr += data[ai++];
  return true;
}

const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                       "Thursday", "Friday", "Saturday"};
const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

std::string format(const Moment& m, std::string_view fmt) {
  long long local = m.utc + m.offset;
  long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  long long secs = local - days * 86400;
  long long y;
  unsigned mo, d;
  civil_from_days(days, y, mo, d);
  int h = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
      s = static_cast<int>(secs % 60);
  int wd = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  long long yday = days - days_from_civil(y, 1, 1) + 1;
  std::string out;
  auto num = [&](long long v, int width, char pad) {
    std::string t = std::to_string(v < 0 ? -v : v);
    if (v < 0) out += '-';
    if (pad) out.append(t.size() < static_cast<std::size_t>(width) ? width - t.size() : 0, pad);
    out += t;
  };
  auto off = [&](bool colon) {
    int o = m.offset;
    out += o < 0 ? '-' : '+';
    o = o < 0 ? -o : o;
    num(o / 3600, 2, '0');
    if (colon) out += ':';
    num(o / 60 % 60, 2, '0');
  };
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) fail_call("Invalid date format: a `%` at the end of the format");
    char pad = '0';
    if (fmt[i] == '-') {
      pad = 0;
      ++i;
    } else if (fmt[i] == '_') {
      pad = ' ';
      ++i;
    }
    if (i >= fmt.size()) fail_call("Invalid date format `" + std::string(fmt) + "`");
    char c = fmt[i];
    switch (c) {
      case 'Y':
        num(y, 4, pad);
        break;
      case 'C':
        num(y / 100, 2, pad);
        break;
      case 'y':
        num(y % 100, 2, pad);
        break;
      case 'm':
        num(mo, 2, pad);
        break;
      case 'b':
      case 'h':
        out += std::string(kMonths[mo - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonths[mo - 1];
        break;
      case 'd':
        num(d, 2, pad);
        break;
      case 'e':
        num(d, 2, pad == '0' ? ' ' : pad);
        break;
      case 'a':
        out += std::string(kDays[wd]).substr(0, 3);
        break;
      case 'A':
        out += kDays[wd];
        break;
      case 'w':
        num(wd, 1, 0);
        break;
      case 'u':
        num(wd == 0 ? 7 : wd, 1, 0);
        break;
      case 'j':
        num(yday, 3, pad);
        break;
      case 'H':
        num(h, 2, pad);
        break;
      case 'k':
        num(h, 2, pad == '0' ? ' ' : pad);
        break;
      case 'I':
        num(h % 12 == 0 ? 12 : h % 12, 2, pad);
        break;
      case 'l':
        num(h % 12 == 0 ? 12 : h % 12, 2, pad == '0' ? ' ' : pad);
        break;
      case 'p':
        out += h < 12 ? "AM" : "PM";
        break;
      case 'P':
        out += h < 12 ? "am" : "pm";
        break;
      case 'M':
        num(mi, 2, pad);
        break;
      case 'S':
        num(s, 2, pad);
        break;
      case 'f':
        num(m.nanos, 9, '0');
        break;
      case '.':
      case '3':
      case '6':
      case '9': {
        std::size_t j = i;
        bool dot = fmt[j] == '.';
        if (dot) ++j;
        int width = 0;
        if (j < fmt.size() && (fmt[j] == '3' || fmt[j] == '6' || fmt[j] == '9'))
          width = fmt[j++] - '0';
        if (j >= fmt.size() || fmt[j] != 'f' || (!dot && width == 0)) {
          fail_call("Invalid date format `" + std::string(fmt) + "`",
                    "fractional seconds are written %f, %.f, %.3f, %.6f, %.9f, %3f, %6f or %9f");
        }
        i = j;
        long long ns = m.nanos;
        if (width == 0) {
          if (ns == 0) break;
          width = ns % 1000000 == 0 ? 3 : ns % 1000 == 0 ? 6 : 9;
        }
        if (dot) out += '.';
        long long v = ns;
        for (int k = 9; k > width; --k) v /= 10;
        num(v, width, '0');
        break;
      }
      case 'z':
        off(false);
        break;
      case ':':
        if (i + 1 < fmt.size() && fmt[i + 1] == 'z') {
          ++i;
          off(true);
        } else {
          fail_call("Invalid date format `" + std::string(fmt) + "`");
        }
        break;
      case 'Z':
        out += m.zone;
        break;
      case 'T':
        out += format(m, "%H:%M:%S");
        break;
      case 'R':
        out += format(m, "%H:%M");
        break;
      case 'D':
      case 'x':
        out += format(m, "%m/%d/%y");
        break;
      case 'F':
        out += format(m, "%Y-%m-%d");
        break;
      case 'X':
        out += format(m, "%H:%M:%S");
        break;
      case 'c':
        out += format(m, "%a %b %e %H:%M:%S %Y");
        break;
      case 's':
        num(m.utc, 1, 0);
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '%':
        out += '%';
        break;
      default:
        fail_call("Invalid date format `" + std::string(fmt) + "`: unknown specifier `%" +
                      std::string(1, c) + "`",
                  "see chrono's strftime specifiers: %Y %m %d %H %M %S %z %Z ...");
    }
  }
  return out;
}

}  // namespace

std::string format_timestamp(long long secs, bool utc) {
  Moment m;
  m.utc = secs;
  (void)utc;
  return format(m, "%Y-%m-%dT%H:%M:%S%:z");
}

Value date_filter(const Value& v, const Kwargs& a) {
  std::string fmt = string_arg("date", a, "format", "%Y-%m-%d");
  Moment m;
  if (v.is_int()) {
    m.utc = v.as_int();
  } else if (v.is_string()) {
    if (!parse_datetime(v.as_string(), m)) {
      fail_call("Error parsing `" + v.as_string() + "` as rfc3339 date or naive datetime",
                "use a timestamp, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or RFC 3339 with an offset");
    }
  } else {
    fail_call("Filter `date` received an incorrect type for arg `value`: got `" + json_repr(v) +
                  "` but expected i64|u64|String",
              "pass a Unix timestamp in seconds or a date string");
  }
  if (const Value* tz = a.get("timezone")) {
    if (!tz->is_string()) fail_call("Filter `date`: `timezone` must be a string");
    int off;
    std::string abbr;
    if (!zone_offset(tz->as_string(), m.utc, off, abbr)) {
      fail_call("Error parsing `" + tz->as_string() + "` as a timezone",
                "use an IANA zone name such as `Europe/Berlin` or `UTC`");
    }
    m.offset = off;
    m.zone = abbr;
  }
  return Value(format(m, fmt));
}

}  // namespace ggen::tmpl
