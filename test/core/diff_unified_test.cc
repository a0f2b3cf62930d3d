// ggen::diff unified output, checked against GNU `diff -u` (expectations produced once by
// `diff -U<n> --label a/<path> --label b/<path>` and pasted here).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "ggen/diff/diff.h"

namespace {

TEST(DiffUnifiedGnu, RustStructEdit) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
    }
}
)~~~"),
                                     std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
    pub email: Option<String>,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age, email: None }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}!", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
    }
}
)~~~"),
                                     "src/lib.rs", o),
            std::string(R"~~~(--- a/src/lib.rs
+++ b/src/lib.rs
@@ -4,15 +4,16 @@
 pub struct Person {
     pub name: String,
     pub age: u32,
+    pub email: Option<String>,
 }
 
 impl Person {
     pub fn new(name: &str, age: u32) -> Self {
-        Person { name: name.to_string(), age }
+        Person { name: name.to_string(), age, email: None }
     }
 
     pub fn greet(&self) -> String {
-        format!("Hello, {}", self.name)
+        format!("Hello, {}!", self.name)
     }
 }
 
@@ -28,6 +29,6 @@
 
     #[test]
     fn greets() {
-        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
+        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
     }
 }
)~~~"));
}

TEST(DiffUnifiedGnu, RustStructEditContext1) {
  ggen::diff::Options o;
  o.context = 1;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
    }
}
)~~~"),
                                     std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
    pub email: Option<String>,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age, email: None }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}!", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
    }
}
)~~~"),
                                     "src/lib.rs", o),
            std::string(R"~~~(--- a/src/lib.rs
+++ b/src/lib.rs
@@ -6,2 +6,3 @@
     pub age: u32,
+    pub email: Option<String>,
 }
@@ -10,3 +11,3 @@
     pub fn new(name: &str, age: u32) -> Self {
-        Person { name: name.to_string(), age }
+        Person { name: name.to_string(), age, email: None }
     }
@@ -14,3 +15,3 @@
     pub fn greet(&self) -> String {
-        format!("Hello, {}", self.name)
+        format!("Hello, {}!", self.name)
     }
@@ -30,3 +31,3 @@
     fn greets() {
-        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
+        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
     }
)~~~"));
}

TEST(DiffUnifiedGnu, RustStructEditContext0) {
  ggen::diff::Options o;
  o.context = 0;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
    }
}
)~~~"),
                                     std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
    pub email: Option<String>,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age, email: None }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}!", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
    }
}
)~~~"),
                                     "src/lib.rs", o),
            std::string(R"~~~(--- a/src/lib.rs
+++ b/src/lib.rs
@@ -6,0 +7 @@
+    pub email: Option<String>,
@@ -11 +12 @@
-        Person { name: name.to_string(), age }
+        Person { name: name.to_string(), age, email: None }
@@ -15 +16 @@
-        format!("Hello, {}", self.name)
+        format!("Hello, {}!", self.name)
@@ -31 +32 @@
-        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
+        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
)~~~"));
}

TEST(DiffUnifiedGnu, RustStructEditContext10) {
  ggen::diff::Options o;
  o.context = 10;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
    }
}
)~~~"),
                                     std::string_view(R"~~~(use std::fmt;

/// A person.
pub struct Person {
    pub name: String,
    pub age: u32,
    pub email: Option<String>,
}

impl Person {
    pub fn new(name: &str, age: u32) -> Self {
        Person { name: name.to_string(), age, email: None }
    }

    pub fn greet(&self) -> String {
        format!("Hello, {}!", self.name)
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets() {
        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
    }
}
)~~~"),
                                     "src/lib.rs", o),
            std::string(R"~~~(--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,33 +1,34 @@
 use std::fmt;
 
 /// A person.
 pub struct Person {
     pub name: String,
     pub age: u32,
+    pub email: Option<String>,
 }
 
 impl Person {
     pub fn new(name: &str, age: u32) -> Self {
-        Person { name: name.to_string(), age }
+        Person { name: name.to_string(), age, email: None }
     }
 
     pub fn greet(&self) -> String {
-        format!("Hello, {}", self.name)
+        format!("Hello, {}!", self.name)
     }
 }
 
 impl fmt::Display for Person {
     fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
         write!(f, "{} ({})", self.name, self.age)
     }
 }
 
 #[cfg(test)]
 mod tests {
     use super::*;
 
     #[test]
     fn greets() {
-        assert_eq!(Person::new("a", 1).greet(), "Hello, a");
+        assert_eq!(Person::new("a", 1).greet(), "Hello, a!");
     }
 }
)~~~"));
}

TEST(DiffUnifiedGnu, NewFile) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::nullopt, std::string_view(R"~~~(line one
line two
)~~~"),
                                     "docs/new.md", o),
            std::string(R"~~~(--- /dev/null
+++ b/docs/new.md
@@ -0,0 +1,2 @@
+line one
+line two
)~~~"));
}

TEST(DiffUnifiedGnu, DeletedFile) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(a
b
c
)~~~"),
                                     std::nullopt, "old.txt", o),
            std::string(R"~~~(--- a/old.txt
+++ /dev/null
@@ -1,3 +0,0 @@
-a
-b
-c
)~~~"));
}

TEST(DiffUnifiedGnu, AddMissingFinalNewline) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(one
two
three)~~~"),
                                     std::string_view(R"~~~(one
two
three
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,3 +1,3 @@
 one
 two
-three
\ No newline at end of file
+three
)~~~"));
}

TEST(DiffUnifiedGnu, RemoveFinalNewline) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(one
two
three
)~~~"),
                                     std::string_view(R"~~~(one
two
three)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,3 +1,3 @@
 one
 two
-three
+three
\ No newline at end of file
)~~~"));
}

TEST(DiffUnifiedGnu, NoNewlineBothSidesContext) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(a
b
c
d)~~~"),
                                     std::string_view(R"~~~(a
B
c
d)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,4 +1,4 @@
 a
-b
+B
 c
 d
\ No newline at end of file
)~~~"));
}

TEST(DiffUnifiedGnu, NoNewlineChangedLastLine) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(a
b
c)~~~"),
                                     std::string_view(R"~~~(a
b
C)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,3 +1,3 @@
 a
 b
-c
\ No newline at end of file
+C
\ No newline at end of file
)~~~"));
}

TEST(DiffUnifiedGnu, EmptyToContent) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~()~~~"), std::string_view(R"~~~(hello
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -0,0 +1 @@
+hello
)~~~"));
}

TEST(DiffUnifiedGnu, ContentToEmpty) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(hello
world
)~~~"),
                                     std::string_view(R"~~~()~~~"), "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,2 +0,0 @@
-hello
-world
)~~~"));
}

TEST(DiffUnifiedGnu, TwoHunksFarApart) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(l1
l2
l3
l4
l5
l6
l7
l8
l9
l10
l11
l12
l13
l14
l15
l16
l17
l18
l19
l20
l21
l22
l23
l24
l25
l26
l27
l28
l29
l30
l31
l32
l33
l34
l35
l36
l37
l38
l39
l40
)~~~"),
                                     std::string_view(R"~~~(l1
l2
l3
l4
L5
l6
l7
l8
l9
l10
l11
l12
l13
l14
l15
l16
l17
l18
l19
l20
l21
l22
l23
l24
l25
l26
l27
l28
l29
l30
l31
l32
L33
l34
l35
l36
l37
l38
l39
l40
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -2,7 +2,7 @@
 l2
 l3
 l4
-l5
+L5
 l6
 l7
 l8
@@ -30,7 +30,7 @@
 l30
 l31
 l32
-l33
+L33
 l34
 l35
 l36
)~~~"));
}

TEST(DiffUnifiedGnu, HunksMergeWhenGapIsSixLines) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(l1
l2
l3
l4
l5
l6
l7
l8
l9
l10
l11
l12
l13
l14
l15
l16
l17
l18
l19
l20
)~~~"),
                                     std::string_view(R"~~~(l1
l2
l3
l4
X
l6
l7
l8
l9
l10
l11
X
l13
l14
l15
l16
l17
l18
l19
l20
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -2,14 +2,14 @@
 l2
 l3
 l4
-l5
+X
 l6
 l7
 l8
 l9
 l10
 l11
-l12
+X
 l13
 l14
 l15
)~~~"));
}

TEST(DiffUnifiedGnu, HunksSplitWhenGapIsSevenLines) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(l1
l2
l3
l4
l5
l6
l7
l8
l9
l10
l11
l12
l13
l14
l15
l16
l17
l18
l19
l20
)~~~"),
                                     std::string_view(R"~~~(l1
l2
l3
l4
X
l6
l7
l8
l9
l10
l11
l12
X
l14
l15
l16
l17
l18
l19
l20
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -2,7 +2,7 @@
 l2
 l3
 l4
-l5
+X
 l6
 l7
 l8
@@ -10,7 +10,7 @@
 l10
 l11
 l12
-l13
+X
 l14
 l15
 l16
)~~~"));
}

TEST(DiffUnifiedGnu, InsertAtStart) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(b
c
d
e
)~~~"),
                                     std::string_view(R"~~~(a
b
c
d
e
)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,3 +1,4 @@
+a
 b
 c
 d
)~~~"));
}

TEST(DiffUnifiedGnu, DuplicateLinesAmbiguous) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(}

fn a() {
}
)~~~"),
                                     std::string_view(R"~~~(}

fn b() {
}

fn a() {
}
)~~~"),
                                     "x.rs", o),
            std::string(R"~~~(--- a/x.rs
+++ b/x.rs
@@ -1,4 +1,7 @@
 }
 
+fn b() {
+}
+
 fn a() {
 }
)~~~"));
}

TEST(DiffUnifiedGnu, BlankLineRuns) {
  ggen::diff::Options o;
  o.context = 3;
  EXPECT_EQ(ggen::diff::unified_diff(std::string_view(R"~~~(x



y
)~~~"),
                                     std::string_view(R"~~~(x

y


)~~~"),
                                     "x.txt", o),
            std::string(R"~~~(--- a/x.txt
+++ b/x.txt
@@ -1,5 +1,5 @@
 x
 
+y
 
 
-y
)~~~"));
}

TEST(DiffUnified, CrlfLinesKeepTheirCarriageReturns) {
  EXPECT_EQ(ggen::diff::unified_diff("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", "x.txt"),
            "--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n");
}

TEST(DiffUnified, IdenticalTextsGiveNothing) {
  EXPECT_EQ(ggen::diff::unified_diff("a\nb\n", "a\nb\n", "x"), "");
  EXPECT_EQ(ggen::diff::unified_diff("", "", "x"), "");
  auto d = ggen::diff::diff_files("a\n", "a\n", "x");
  EXPECT_FALSE(d.changed());
  EXPECT_EQ(d.insertions + d.deletions, 0);
}

TEST(DiffUnified, NewAndDeletedEmptyFilesShowHeadersOnly) {
  EXPECT_EQ(ggen::diff::unified_diff(std::nullopt, "", "empty"), "--- /dev/null\n+++ b/empty\n");
  EXPECT_EQ(ggen::diff::unified_diff("", std::nullopt, "empty"), "--- a/empty\n+++ /dev/null\n");
  EXPECT_EQ(ggen::diff::unified_diff(std::nullopt, std::nullopt, "none"), "");
}

TEST(DiffUnified, CustomPrefixesAndRenames) {
  ggen::diff::Options o;
  o.old_prefix = "";
  o.new_prefix = "out/";
  auto d = ggen::diff::diff_files("a\n", "b\n", "old.txt", o, "new.txt");
  EXPECT_EQ(ggen::diff::format_unified(d, o),
            "--- old.txt\n+++ out/new.txt\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(DiffUnified, BinaryFiles) {
  using namespace std::string_view_literals;
  auto d = ggen::diff::diff_files("a\0b"sv, "a\0c"sv, "img.png");
  EXPECT_TRUE(d.binary);
  EXPECT_TRUE(d.hunks.empty());
  EXPECT_EQ(ggen::diff::format_unified(d), "Binary files a/img.png and b/img.png differ\n");
  EXPECT_EQ(ggen::diff::unified_diff("a\0b"sv, "a\0b"sv, "img.png"), "");
  EXPECT_EQ(ggen::diff::unified_diff(std::nullopt, "\0"sv, "n.bin"),
            "Binary files /dev/null and b/n.bin differ\n");
}

TEST(DiffUnified, HunkStructureAndCounts) {
  auto d = ggen::diff::diff_files("a\nb\nc\nd\n", "a\nc\nd\ne\nf\n", "x");
  EXPECT_EQ(d.insertions, 2);
  EXPECT_EQ(d.deletions, 1);
  ASSERT_EQ(d.hunks.size(), 1u);
  const auto& h = d.hunks[0];
  EXPECT_EQ(h.header(), "@@ -1,4 +1,5 @@");
  EXPECT_EQ(h.old_start, 1);
  EXPECT_EQ(h.new_count, 5);
  ASSERT_EQ(h.lines.size(), 6u);
  EXPECT_EQ(h.lines[1].op, '-');
  EXPECT_EQ(h.lines[1].text, "b");
  EXPECT_EQ(h.lines[5].op, '+');
  EXPECT_TRUE(h.lines[5].newline);
}

TEST(DiffUnified, SplitLines) {
  auto lines = ggen::diff::split_lines("a\n\nb");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a\n");
  EXPECT_EQ(lines[1], "\n");
  EXPECT_EQ(lines[2], "b");
  EXPECT_TRUE(ggen::diff::split_lines("").empty());
}

TEST(DiffUnified, NegativeContextActsAsZero) {
  ggen::diff::Options o;
  o.context = -5;
  EXPECT_EQ(ggen::diff::unified_diff("a\nb\nc\n", "a\nB\nc\n", "x", o),
            "--- a/x\n+++ b/x\n@@ -2 +2 @@\n-b\n+B\n");
}

TEST(DiffUnified, HugeContextShowsWholeFile) {
  ggen::diff::Options o;
  o.context = 2147483647;
  EXPECT_EQ(ggen::diff::unified_diff("a\nb\nc\n", "a\nB\nc\n", "x", o),
            "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST(DiffUnified, DeterministicAcrossCalls) {
  std::string a, b;
  for (int i = 0; i < 500; ++i) {
    a += std::to_string(i % 7) + "\n";
    b += std::to_string((i * 3) % 7) + "\n";
  }
  const std::string first = ggen::diff::unified_diff(a, b, "x");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ggen::diff::unified_diff(a, b, "x"), first);
}

}  // namespace
