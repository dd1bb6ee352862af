// ListNode(val, next) is given.
function mergeTwoLists(list1, list2) {
  // TODO: splice the nodes of two sorted lists into one sorted list; return its head.
  return null;
}
