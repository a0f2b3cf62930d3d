#pragma once
// Lock-free stacks (Treiber pushes) hand their items over newest first; consumers that must keep
// submission order reverse the taken list once, in place, through the item's own link member.

namespace ggen::runtime {

// Reverses the singly linked list starting at `head` (linked through `T::*next`) and returns the
// new head; `last`, when given, receives the new tail (the old head).
template <class T>
T* reverse_list(T* head, T* T::*next, T** last = nullptr) {
  if (last != nullptr) *last = head;
  T* reversed = nullptr;
  while (head != nullptr) {
    T* following = head->*next;
    head->*next = reversed;
    reversed = head;
    head = following;
  }
  return reversed;
}

}  // namespace ggen::runtime
