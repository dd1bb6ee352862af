// ListNode (given): int val; ListNode* next.
class Solution {
public:
    ListNode* mergeTwoLists(ListNode* list1, ListNode* list2) {
        // TODO: splice the nodes of two sorted lists into one sorted list; return its head.
        return nullptr;
    }
};
