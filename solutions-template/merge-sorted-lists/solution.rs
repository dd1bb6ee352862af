// ListNode (given): pub val: i32, pub next: Option<Box<ListNode>>.
impl Solution {
    pub fn merge_two_lists(
        list1: Option<Box<ListNode>>,
        list2: Option<Box<ListNode>>,
    ) -> Option<Box<ListNode>> {
        // TODO: splice the nodes of two sorted lists into one sorted list; return its head.
        let _ = (list1, list2);
        None
    }
}

struct Solution;
