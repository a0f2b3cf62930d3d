// Runtime::release_memory gives the heap freed after a burst back to the OS (glibc keeps it in its
// arenas otherwise). Checked through RSS, which only glibc's own allocator lets us reason about:
// skipped under sanitizers, whose allocators replace it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "ggen/runtime/runtime.h"

using namespace ggen::runtime;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kPlainMalloc = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kPlainMalloc = false;
#else
constexpr bool kPlainMalloc = true;
#endif
#else
constexpr bool kPlainMalloc = true;
#endif

long resident_bytes() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  int n = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  return n == 2 ? pages_resident * sysconf(_SC_PAGESIZE) : -1;
}

}  // namespace

TEST(RuntimeMemory, ReleaseMemoryReturnsAFreedBurstToTheSystem) {
#if !defined(__GLIBC__)
  GTEST_SKIP() << "malloc_trim is glibc's";
#endif
  if (!kPlainMalloc) GTEST_SKIP() << "a sanitizer's allocator replaces glibc's";
  if (resident_bytes() < 0) GTEST_SKIP() << "no /proc/self/statm";
  Runtime rt(RuntimeOptions{1});
  // 64 MB in small blocks (like a burst of pending calls), with a block allocated after them that
  // stays: the freed space is then in the middle of the heap, where free() never trims.
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 400000; ++i) {
    blocks.emplace_back(new char[160]);
    blocks.back()[0] = 1;
    for (int k = 0; k < 160; k += 64) blocks.back()[k] = static_cast<char>(i);
  }
  auto pin = std::make_unique<char[]>(160);
  blocks.clear();
  blocks.shrink_to_fit();
  long before = resident_bytes();
  rt.release_memory();
  rt.release_memory();  // dropped: one is already queued
  // One worker runs tasks in order: once this one has run, the trim has too.
  ASSERT_TRUE(rt.spawn([] { return 0; }).get().ok());
  long after = resident_bytes();
  EXPECT_LT(after, before - 32L * 1024 * 1024) << "before " << before << " after " << after;
  // Housekeeping is not user work.
  EXPECT_EQ(rt.stats().spawned, 1u);
}

TEST(RuntimeMemory, ReleaseMemoryAfterShutdownIsANoOp) {
  Runtime rt(RuntimeOptions{1});
  rt.shutdown();
  rt.release_memory();
  rt.release_memory();
  EXPECT_EQ(rt.stats().spawned, 0u);
}
