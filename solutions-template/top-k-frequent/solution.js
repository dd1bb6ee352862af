function topKFrequent(nums, k) {
  // TODO: return the k most frequent values of nums, in any order.
  return [];
}
