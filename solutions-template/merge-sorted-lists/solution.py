from typing import Optional


def merge_two_lists(list1: Optional[ListNode], list2: Optional[ListNode]) -> Optional[ListNode]:
    """Splice the nodes of two sorted lists into one sorted list; return its head."""
    # TODO: walk both lists, always taking the smaller head.
    return None
