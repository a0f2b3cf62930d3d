// Myers' O(ND) difference algorithm, linear-space variant: find the middle snake of the edit
// graph, split there, recurse. A search that gets too expensive splits at the furthest-reaching
// path instead, trading minimality for a bounded running time on huge, very different inputs.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_map>

#include "ggen/diff/diff.h"

namespace ggen::diff {
namespace {

class Myers {
 public:
  Myers(const std::vector<int>& a, const std::vector<int>& b, std::vector<bool>& del,
        std::vector<bool>& ins)
      : a_(a), b_(b), del_(del), ins_(ins) {
    const std::size_t diagonals = a.size() + b.size() + 3;
    forward_.resize(diagonals);
    backward_.resize(diagonals);
    offset_ = static_cast<int>(b.size()) + 1;
    const double n = static_cast<double>(a.size() + b.size());
    cost_limit_ = std::max(1024, static_cast<int>(std::sqrt(n)) * 4);
  }

  void compare(int xoff, int xlim, int yoff, int ylim) {
    while (xoff < xlim && yoff < ylim && a_[xoff] == b_[yoff]) ++xoff, ++yoff;
    while (xlim > xoff && ylim > yoff && a_[xlim - 1] == b_[ylim - 1]) --xlim, --ylim;
    if (xoff == xlim) {
      for (int y = yoff; y < ylim; ++y) ins_[y] = true;
    } else if (yoff == ylim) {
      for (int x = xoff; x < xlim; ++x) del_[x] = true;
    } else {
      auto [x, y] = split(xoff, xlim, yoff, ylim);
      compare(xoff, x, yoff, y);
      compare(x, xlim, y, ylim);
    }
  }

 private:
  int& fd(int k) { return forward_[k + offset_]; }
  int& bd(int k) { return backward_[k + offset_]; }

  // A point (x, y) on an optimal (or, past the cost limit, a good) path from (xoff, yoff) to
  // (xlim, ylim), strictly between them. Diagonal k holds points with x - y == k.
  std::pair<int, int> split(int xoff, int xlim, int yoff, int ylim) {
    const int dmin = xoff - ylim, dmax = xlim - yoff;
    const int fmid = xoff - yoff, bmid = xlim - ylim;
    const bool odd = ((fmid - bmid) & 1) != 0;
    int fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    fd(fmid) = xoff;
    bd(bmid) = xlim;
    for (int cost = 1;; ++cost) {
      // Extend the forward search by one edit.
      if (fmin > dmin) {
        fd(--fmin - 1) = -1;
      } else {
        ++fmin;
      }
      if (fmax < dmax) {
        fd(++fmax + 1) = -1;
      } else {
        --fmax;
      }
      for (int k = fmax; k >= fmin; k -= 2) {
        const int lo = fd(k - 1), hi = fd(k + 1);
        int x = lo >= hi ? lo + 1 : hi;  // prefer a deletion on ties: `-` lines come first
        int y = x - k;
        while (x < xlim && y < ylim && a_[x] == b_[y]) ++x, ++y;
        fd(k) = x;
        if (odd && bmin <= k && k <= bmax && bd(k) <= x) return {x, y};
      }
      // Extend the backward search by one edit.
      if (bmin > dmin) {
        bd(--bmin - 1) = INT_MAX;
      } else {
        ++bmin;
      }
      if (bmax < dmax) {
        bd(++bmax + 1) = INT_MAX;
      } else {
        --bmax;
      }
      for (int k = bmax; k >= bmin; k -= 2) {
        const int lo = bd(k - 1), hi = bd(k + 1);
        int x = lo < hi ? lo : hi - 1;
        int y = x - k;
        while (x > xoff && y > yoff && a_[x - 1] == b_[y - 1]) --x, --y;
        bd(k) = x;
        if (!odd && fmin <= k && k <= fmax && x <= fd(k)) return {x, y};
      }
      if (cost >= cost_limit_) return furthest(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax);
    }
  }

  // Too expensive: split at whichever search got furthest from its corner.
  std::pair<int, int> furthest(int xoff, int xlim, int yoff, int ylim, int fmin, int fmax, int bmin,
                               int bmax) {
    int fbest = -1, fx = xoff;
    for (int k = fmax; k >= fmin; k -= 2) {
      int x = std::min(fd(k), xlim);
      int y = x - k;
      if (y > ylim) x = ylim + k, y = ylim;
      if (x + y > fbest) fbest = x + y, fx = x;
    }
    int bbest = INT_MAX, bx = xlim;
    for (int k = bmax; k >= bmin; k -= 2) {
      int x = std::max(xoff, bd(k));
      int y = x - k;
      if (y < yoff) x = yoff + k, y = yoff;
      if (x + y < bbest) bbest = x + y, bx = x;
    }
    if ((xlim + ylim) - bbest < fbest - (xoff + yoff)) return {fx, fbest - fx};
    return {bx, bbest - bx};
  }

  const std::vector<int>& a_;
  const std::vector<int>& b_;
  std::vector<bool>& del_;
  std::vector<bool>& ins_;
  std::vector<int> forward_, backward_;
  int offset_ = 0;
  int cost_limit_ = 0;
};

// Slides each run of changed lines of one file to its canonical place, like GNU diff: as far
// down as equal lines allow, unless some position lines it up with a change in the other file
// (then the lowest such position), so ambiguous diffs come out the way `diff -u` prints them.
void shift_runs(std::vector<bool>& changed, const std::vector<int>& ids,
                const std::vector<bool>& other) {
  std::vector<int> matched;  // indices of the other file's unchanged lines
  for (int j = 0; j < static_cast<int>(other.size()); ++j) {
    if (!other[j]) matched.push_back(j);
  }
  const int u = static_cast<int>(matched.size());
  const int other_n = static_cast<int>(other.size());
  // With k unchanged lines before a run, it sits between the other file's matched lines k-1 and
  // k; a gap between them is a change there.
  auto aligned = [&](int k) {
    const int before = k > 0 ? matched[k - 1] : -1;
    const int after = k < u ? matched[k] : other_n;
    return after - before > 1;
  };
  const int n = static_cast<int>(changed.size());
  int i = 0, k = 0;
  for (;;) {
    while (i < n && !changed[i]) ++i, ++k;
    if (i == n) break;
    int s = i, e = i;
    while (e < n && changed[e]) ++e;
    int best = -1, length = 0;
    do {
      length = e - s;
      while (s > 0 && ids[s - 1] == ids[e - 1]) {
        changed[--s] = true;
        changed[--e] = false;
        --k;
        while (s > 0 && changed[s - 1]) --s;
      }
      best = aligned(k) ? e : -1;
      while (e < n && ids[s] == ids[e]) {
        changed[s++] = false;
        changed[e++] = true;
        ++k;
        while (e < n && changed[e]) ++e;
        if (aligned(k)) best = e;
      }
    } while (length != e - s);
    if (best >= 0) {
      while (e > best) {
        changed[--s] = true;
        changed[--e] = false;
        --k;
      }
    }
    i = e;
  }
}

}  // namespace

LineChanges diff_lines(std::span<const std::string_view> a, std::span<const std::string_view> b,
                       int horizon) {
  LineChanges out;
  out.deleted.assign(a.size(), false);
  out.inserted.assign(b.size(), false);

  // Like GNU diff, leave the identical head and tail out (all but `horizon` lines of each, the
  // context a hunk may show): changes never slide into them, which decides ambiguous cases
  // the way `diff -u` does.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::size_t keep = horizon < 0 ? a.size() + b.size() : static_cast<std::size_t>(horizon);
  const std::size_t lo = prefix > keep ? prefix - keep : 0;
  const std::size_t tail = suffix > keep ? suffix - keep : 0;
  a = a.subspan(lo, a.size() - lo - tail);
  b = b.subspan(lo, b.size() - lo - tail);

  // Number the distinct lines so the search compares ints; count occurrences per side.
  std::unordered_map<std::string_view, int> ids;
  ids.reserve(a.size() + b.size());
  std::vector<int> ia(a.size()), ib(b.size());
  std::vector<int> in_a, in_b;
  auto id_of = [&](std::string_view line) {
    auto [it, fresh] = ids.try_emplace(line, static_cast<int>(ids.size()));
    if (fresh) in_a.push_back(0), in_b.push_back(0);
    return it->second;
  };
  for (std::size_t i = 0; i < a.size(); ++i) ++in_a[ia[i] = id_of(a[i])];
  for (std::size_t j = 0; j < b.size(); ++j) ++in_b[ib[j] = id_of(b[j])];

  // A line that the other side never has is certainly changed: leave it out of the search,
  // which keeps wholly rewritten files linear.
  std::vector<bool> del(a.size(), false), ins(b.size(), false);
  std::vector<int> ra, rb, map_a, map_b;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (in_b[ia[i]] == 0) {
      del[i] = true;
    } else {
      ra.push_back(ia[i]);
      map_a.push_back(static_cast<int>(i));
    }
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (in_a[ib[j]] == 0) {
      ins[j] = true;
    } else {
      rb.push_back(ib[j]);
      map_b.push_back(static_cast<int>(j));
    }
  }
  std::vector<bool> rdel(ra.size(), false), rins(rb.size(), false);
  Myers myers(ra, rb, rdel, rins);
  myers.compare(0, static_cast<int>(ra.size()), 0, static_cast<int>(rb.size()));
  for (std::size_t i = 0; i < ra.size(); ++i) {
    if (rdel[i]) del[map_a[i]] = true;
  }
  for (std::size_t j = 0; j < rb.size(); ++j) {
    if (rins[j]) ins[map_b[j]] = true;
  }

  shift_runs(del, ia, ins);
  shift_runs(ins, ib, del);
  for (std::size_t i = 0; i < del.size(); ++i) out.deleted[lo + i] = del[i];
  for (std::size_t j = 0; j < ins.size(); ++j) out.inserted[lo + j] = ins[j];
  return out;
}

}  // namespace ggen::diff
